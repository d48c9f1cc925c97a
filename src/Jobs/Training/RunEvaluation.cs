using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PerturbKG.Model;
using PerturbKG.Model.Baselines;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Training;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// Scores every model of a finished run on the signatures of other datasets, with the run's metrics, intervals and
/// paired differences. The run's data and splits are rebuilt from its manifest, so each seed's models see exactly
/// their training fold: trained models load their checkpoints, closed-form models are fitted again on that fold
/// (deterministic), means are recomputed. A pair of the evaluated datasets that a seed trained or validated on is
/// refused. The evaluated drugs join the graph's anchors; a checkpoint that no longer fits the larger graph (its
/// node-embedding shapes changed) leaves that model out with the reason.
/// </summary>
public sealed class RunEvaluation(ILogger<RunEvaluation> logger)
{
    public async Task<RunEvaluationResult> RunAsync(IGraphStore store, string runDirectory, IReadOnlyList<string> datasets, string output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var options = await LoadOptionsAsync(runDirectory, ct);
        var data = await TrainingDataLoader.LoadAsync(store, options.Data, ct, evaluate: datasets);
        var pairs = data.Evaluation;
        var runs = new List<ModelRun>();
        var splits = new List<Split>();
        var skipped = new Dictionary<string, string>();
        var walks = new Lazy<RandomWalkFeatures>(() => new RandomWalkFeatures(data.Graph));
        for (var seed = 1UL; seed <= (ulong)options.Seeds; seed++)
        {
            var split = TrainingRun.Split(data, options.Split, options.Ratios, seed);
            splits.Add(split);
            RefuseLeaks(data, split, pairs, datasets);
            var train = split.Train.Select(i => data.Pairs[i]).ToList();
            var validation = split.Validation.Select(i => data.Pairs[i]).ToList();
            var means = new TrainingMeans(train);
            var models = options.Models.Select(m => (Name: m, Build: (Func<IPerturbationModel>)(() => TrainingRun.Build(m, data.Graph, options, seed, walks))))
                .Concat(TrainingRun.Ablated(options, data.Graph, seed));
            foreach (var (name, build) in models)
            {
                ct.ThrowIfCancellationRequested();
                var model = build();
                var checkpoint = Path.Combine(runDirectory, "checkpoints", $"{name}-seed{seed}.bin");
                if (Prepare(model, train, validation, means, checkpoint, ct) is { } reason)
                {
                    skipped[name] = reason;
                    logger.LogWarning("Not evaluating {Model} seed {Seed}: {Reason}", name, seed, reason);
                    continue;
                }

                var predictions = Trainer.Predict(model, pairs, means);
                var metrics = FoldMetrics.Compute(predictions, pairs.Select(p => p.Delta).ToList(), pairs.Select(p => p.Cell).ToList(), means.Global);
                var examples = pairs.Take(4).Select((p, i) => (predictions[i], p.Delta)).ToList();
                var result = new TrainingResult(name, [], 0, double.NaN, 0, false, "evaluated");
                runs.Add(new ModelRun(name, seed, result, pairs.Select(p => p.Id).ToList(), metrics, examples, model is PerturbationModule ? checkpoint : null));
            }
        }

        var title = $"{Path.GetFileName(Path.GetFullPath(runDirectory))} on {string.Join("+", datasets)}";
        var summary = RunSummary.From(title, options.Split, options.Seeds, runs, clock.Elapsed.TotalSeconds);
        var facts = new Dictionary<string, string>
        {
            ["evaluation"] = $"run {runDirectory} scored on {pairs.Count} pairs of {string.Join(", ", datasets)}; the run's splits are rebuilt per seed, checkpoints loaded, closed-form models refitted on each seed's training fold",
        };
        foreach (var (model, reason) in skipped)
        {
            facts[$"not evaluated: {model}"] = reason;
        }

        var artifacts = await RunArtifacts.WriteAsync(Path.GetFullPath(output), options with { OutputDirectory = output }, data, splits, runs, summary,
            await store.GetSummaryAsync(ct), store.Location.ToString(), null, ct, facts);
        return new RunEvaluationResult(new TrainingRunResult(summary, runs, artifacts) { Data = DataNotes.Of(data) }, skipped);
    }

    /// <summary>The options a run was trained with, from its manifest.</summary>
    public static async Task<TrainingRunOptions> LoadOptionsAsync(string runDirectory, CancellationToken ct)
    {
        var path = Path.Combine(runDirectory, "manifest.json");
        if (!File.Exists(path))
        {
            throw new NotFoundException("run manifest", path, []);
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path, ct));
        return manifest.RootElement.TryGetProperty("options", out var options)
            ? options.Deserialize<TrainingRunOptions>(RunArtifacts.Json) ?? throw new InvalidDataException($"{path}: the options are empty.")
            : throw new InvalidDataException($"{path} has no options: it was not written by perturbkg train.");
    }

    // Fits a closed-form model or loads a trained one; the reason it cannot be evaluated, or null.
    private static string? Prepare(IPerturbationModel model, List<Model.Data.PairSample> train, List<Model.Data.PairSample> validation, TrainingMeans means,
        string checkpoint, CancellationToken ct)
    {
        if (model is IFittedModel fitted)
        {
            fitted.Fit(train, validation, means, ct);
            return null;
        }

        if (model is not PerturbationModule module)
        {
            return null;
        }

        if (!File.Exists(checkpoint))
        {
            return $"no checkpoint {checkpoint}";
        }

        try
        {
            Checkpoint.Load(checkpoint, module);
            return null;
        }
        catch (InvalidDataException e)
        {
            return $"its checkpoint does not fit the graph around the evaluated drugs ({e.Message}); train with --test-signatures to score it";
        }
    }

    private static void RefuseLeaks(TrainingData data, Split split, IReadOnlyList<Model.Data.PairSample> pairs, IReadOnlyList<string> datasets)
    {
        var seen = split.Train.Concat(split.Validation).Select(i => data.Pairs[i].Id).ToHashSet(StringComparer.Ordinal);
        var leaked = pairs.Where(p => seen.Contains(p.Id)).Select(p => p.Id).ToList();
        if (leaked.Count > 0)
        {
            throw new ArgumentException(
                $"{leaked.Count} pairs of {string.Join(", ", datasets)} were in seed {split.Seed}'s training or validation fold (e.g. {leaked[0]}): the run cannot be evaluated on data it was fitted to.");
        }
    }
}

/// <summary>An evaluation's results (as a training run's, without training) and the models it could not score.</summary>
public sealed record RunEvaluationResult(TrainingRunResult Result, IReadOnlyDictionary<string, string> Skipped);
