using System.Text.Json;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Jobs.Predictions;

/// <summary>A run's GAT, back in memory with the data it was trained on and the training means it predicts around.</summary>
public sealed record TrainedRun(string Id, string Directory, TrainingData Data, GatModel Model, TrainingMeans Means, ModelFile File)
{
    private Func<PairBatch, Model.Data.Matrix>? _predictor;

    /// <summary>Predicted deltas (pairs × 978) for (drug row, cell row) pairs; the graph is encoded once per run object.</summary>
    public float[][] Predict(IReadOnlyList<(int Drug, int Cell)> pairs)
    {
        var predict = LazyInitializer.EnsureInitialized(ref _predictor, Model.Predictor);
        var results = new float[pairs.Count][];
        for (var start = 0; start < pairs.Count; start += 512)
        {
            var batch = pairs.Skip(start).Take(512).Select(p => new PairSample(string.Empty, p.Drug, p.Cell, [], 0)).ToList();
            var output = predict(Means.Batch(batch));
            for (var i = 0; i < batch.Count; i++)
            {
                results[start + i] = output.Row(i).ToArray();
            }
        }

        return results;
    }

    /// <summary>The graph row of a store node, or null when the run's graph does not hold it.</summary>
    public int? RowOf(long node) => Data.RowOf.TryGetValue(node, out var row) ? row : null;

    /// <summary>Loads a run from its folder's model.json, the store it was trained on and its checkpoint.</summary>
    public static async Task<TrainedRun> LoadAsync(IGraphStore store, string directory, CancellationToken ct, NewDrug? extra = null)
    {
        var path = Path.Combine(directory, ModelFile.FileName);
        if (!System.IO.File.Exists(path))
        {
            throw new NotFoundException("trained model", path, []);
        }

        var file = await ModelFile.LoadAsync(directory, ct);
        var data = await TrainingDataLoader.LoadAsync(store, file.Data, ct, extra);
        var model = new GatModel(data.Graph, file.Gat.ToOptions(), device: PerturbKG.Model.Torch.TorchRuntime.DefaultDevice);
        try
        {
            Checkpoint.Load(Path.Combine(directory, file.Checkpoint), model);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"Run {file.Run} no longer matches the store (re-ingested since it was trained?) or cannot take a new drug: {e.Message}", e);
        }

        var means = new TrainingMeans(TrainingRun.TrainingPairs(data, file.Split, file.Ratios, file.Seed));
        return new TrainedRun(file.Run, Path.GetFullPath(directory), data, model, means, file);
    }

    /// <summary>The folder of a run: the store's record of it, or a folder path holding a model.json.</summary>
    public static async Task<string> DirectoryOfAsync(IGraphStore store, string run, CancellationToken ct)
    {
        var runs = await store.ListRunsAsync(ct);
        if (runs.FirstOrDefault(r => r.Id == run) is { } known)
        {
            return known.Directory;
        }

        if (System.IO.File.Exists(Path.Combine(run, ModelFile.FileName)))
        {
            return Path.GetFullPath(run);
        }

        throw new NotFoundException("run", run, CloseMatches.Among(run, runs.Select(r => r.Id)));
    }
}

/// <summary>What rebuilds a run's GAT: <c>model.json</c> in the run's folder.</summary>
public sealed record ModelFile(
    string Run, string Model, ulong Seed, string Checkpoint, string Split, SplitRatios Ratios, TrainingDataOptions Data, GatSettings Gat)
{
    public const string FileName = "model.json";

    public static async Task<ModelFile> LoadAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, FileName);
        return JsonSerializer.Deserialize<ModelFile>(await System.IO.File.ReadAllTextAsync(path, ct), RunArtifacts.Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    public async Task SaveAsync(string directory, CancellationToken ct) =>
        await System.IO.File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, RunArtifacts.Json), ct);
}

/// <summary><see cref="GatOptions"/> in a form JSON round-trips.</summary>
public sealed record GatSettings(int Hidden, int Heads, int Layers, float Dropout, float AttentionDropout, float AttentionSlope, string[] EmbeddedTypes, float EmbeddingScale, ulong Seed, bool Prior = false, string[]? FeaturelessTypes = null)
{
    public static GatSettings From(GatOptions o) =>
        new(o.Hidden, o.Heads, o.Layers, o.Dropout, o.AttentionDropout, o.AttentionSlope, [.. o.EmbeddedTypes.Order(StringComparer.Ordinal)], o.EmbeddingScale, o.Seed, o.Prior, [.. o.FeaturelessTypes.Order(StringComparer.Ordinal)]);

    public GatOptions ToOptions() => new()
    {
        Hidden = Hidden, Heads = Heads, Layers = Layers, Dropout = Dropout, AttentionDropout = AttentionDropout,
        AttentionSlope = AttentionSlope, EmbeddedTypes = new HashSet<string>(EmbeddedTypes, StringComparer.Ordinal),
        EmbeddingScale = EmbeddingScale, Seed = Seed, Prior = Prior,
        FeaturelessTypes = new HashSet<string>(FeaturelessTypes ?? [], StringComparer.Ordinal),
    };
}
