using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PerturbKG.Model;
using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// A training run: loads the store's data once, then for each seed splits the pairs, trains and scores every model
/// (the GAT, its baselines, and the GAT on each ablated graph) on the same split, and writes the run's artifacts
/// (checkpoints, manifest.json, metrics.json, report.html).
/// </summary>
public sealed class TrainingRun(ILogger<TrainingRun> logger)
{
    public async Task<TrainingRunResult> RunAsync(IGraphStore store, TrainingRunOptions options, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(output);
        var data = await TrainingDataLoader.LoadAsync(store, options.Data, ct);
        logger.LogInformation("Training on {Pairs} pairs over a graph of {Nodes} nodes and {Edges} edges", data.Pairs.Count, data.Graph.NodeCount, data.Graph.Stored.Count);
        var runs = new List<ModelRun>();
        var splits = new List<Split>();
        (GatModel Model, ModelFile File)? first = null;
        for (var seed = 1UL; seed <= (ulong)options.Seeds; seed++)
        {
            var split = Split(data, options, seed);
            splits.Add(split);
            var fold = new Fold(split, data.Pairs);
            foreach (var name in options.Models)
            {
                var model = Build(name, data.Graph, options, seed);
                runs.Add(Train(model, fold, options, seed, output, progress, ct));
                if (name == "gat" && seed == 1)
                {
                    var file = new ModelFile(Path.GetFileName(output), "gat", seed, Path.Combine("checkpoints", "gat-seed1.bin"), options.Split, options.Ratios,
                        options.Data, GatSettings.From(options.Gat with { Seed = seed }));
                    await file.SaveAsync(output, ct);
                    first = ((GatModel)model, file);
                }
            }

            foreach (var ablation in options.Ablations)
            {
                var damaged = ablation == "shuffle-edges" ? Ablations.ShuffleEdges(data.Graph, seed) : Ablations.RandomizeFeatures(data.Graph, seed);
                runs.Add(Train(new GatModel(damaged, options.Gat with { Seed = seed }, $"gat+{ablation}"), fold, options, seed, output, progress, ct));
            }
        }

        WriteBackResult? written = null;
        if (first is { } gat && options.WriteBack is { } writeBack)
        {
            progress?.Report(new TrainingProgress("write-back", 0, 1, null));
            var trained = new TrainedRun(gat.File.Run, output, data, gat.Model, new TrainingMeans(TrainingPairs(data, options.Split, options.Ratios, 1)), gat.File);
            written = await WriteBack.RunAsync(store, trained, writeBack, ct);
            logger.LogInformation("Wrote {Effects} predicted effects and {Paths} paths for {Pairs} pairs in {Seconds:F1} s", written.Effects, written.Paths, written.Pairs, written.Seconds);
            progress?.Report(new TrainingProgress("write-back", 1, 1, null));
        }

        var summary = RunSummary.From(Path.GetFileName(output), options.Split, options.Seeds, runs, clock.Elapsed.TotalSeconds);
        var artifacts = await RunArtifacts.WriteAsync(output, options, data, splits, runs, summary, await store.GetSummaryAsync(ct), written, ct);
        logger.LogInformation("Run {Run} finished in {Seconds:F0} s", summary.Name, clock.Elapsed.TotalSeconds);
        return new TrainingRunResult(summary, runs, artifacts, written);
    }

    private static Split Split(TrainingData data, TrainingRunOptions options, ulong seed) => Split(data, options.Split, options.Ratios, seed);

    private static Split Split(TrainingData data, string kind, SplitRatios ratios, ulong seed) => kind switch
    {
        "random" => Splitter.Random(data.Pairs.Count, ratios, seed),
        "scaffold" => Splitter.Scaffold(data.Scaffolds, ratios, seed),
        "cell" => Splitter.UnseenCell(data.Pairs.Select(p => p.Cell).ToList(), ratios, seed),
        _ => throw new ArgumentException($"Unknown split '{kind}': use random, scaffold or cell."),
    };

    /// <summary>The training pairs of a split, recomputed (splits are deterministic in their seed).</summary>
    public static List<PairSample> TrainingPairs(TrainingData data, string kind, SplitRatios ratios, ulong seed) =>
        Split(data, kind, ratios, seed).Train.Select(i => data.Pairs[i]).ToList();

    private static IPerturbationModel Build(string name, GraphData graph, TrainingRunOptions options, ulong seed) => name switch
    {
        "gat" => new GatModel(graph, options.Gat with { Seed = seed }),
        "mlp" => new MlpModel("mlp", PairInputs.DrugTargetsCell(graph), graph.Landmarks.Length, options.MlpHidden, options.MlpDropout, seed),
        "mlp-nodrug" => new MlpModel("mlp-nodrug", PairInputs.CellOnly(graph), graph.Landmarks.Length, options.MlpHidden, options.MlpDropout, seed),
        "mean-cell" => MeanModel.PerCell(),
        "mean" => MeanModel.Global(),
        _ => throw new ArgumentException($"Unknown model '{name}'."),
    };

    private ModelRun Train(IPerturbationModel model, Fold fold, TrainingRunOptions options, ulong seed, string output,
        IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var settings = (model is GatModel ? options.GatTraining : options.MlpTraining) with { Seed = seed };
        var stage = $"seed {seed} · {model.Name}";
        logger.LogInformation("Training {Model} on seed {Seed}: {Split}", model.Name, seed, fold.Split);
        progress?.Report(new TrainingProgress(stage, 0, settings.MaxEpochs, null));
        var result = new Trainer(settings).Train(model, fold.Train, fold.Validation, fold.Means,
            new Reporter(e => progress?.Report(new TrainingProgress(stage, e.Epoch, settings.MaxEpochs, e.Validation))), ct);
        progress?.Report(new TrainingProgress(stage, settings.MaxEpochs, settings.MaxEpochs, result.BestValidationLoss));

        var predictions = Trainer.Predict(model, fold.Test, fold.Means);
        var metrics = fold.Test.Select((s, i) => SampleMetrics.Compute(predictions[i], s.Delta, fold.Means.Global)).ToList();
        string? checkpoint = null;
        if (model.Parameters.Count > 0)
        {
            checkpoint = Path.Combine(output, "checkpoints", $"{model.Name}-seed{seed}.bin");
            Checkpoint.Save(checkpoint, model);
        }

        var examples = fold.Test.Take(4).Select((s, i) => (predictions[i], s.Delta)).ToList();
        logger.LogInformation("{Model} seed {Seed}: best epoch {Epoch}, test Pearson {Pearson:F3}", model.Name, seed, result.BestEpoch, metrics.Average(m => m.Pearson));
        return new ModelRun(model.Name, seed, result, fold.Test.Select(s => s.Id).ToList(), metrics, examples, checkpoint);
    }

    private sealed class Fold(Split split, IReadOnlyList<PairSample> pairs)
    {
        public Split Split { get; } = split;

        public List<PairSample> Train { get; } = split.Train.Select(i => pairs[i]).ToList();

        public List<PairSample> Validation { get; } = split.Validation.Select(i => pairs[i]).ToList();

        public List<PairSample> Test { get; } = split.Test.Select(i => pairs[i]).ToList();

        public TrainingMeans Means => _means ??= new TrainingMeans(Train);

        private TrainingMeans? _means;
    }

    // Reports synchronously (Progress<T> would post to the thread pool and reorder epochs).
    private sealed class Reporter(Action<EpochLoss> report) : IProgress<EpochLoss>
    {
        public void Report(EpochLoss value) => report(value);
    }
}

/// <summary>A finished run: its summary, every model run, and where its files are.</summary>
public sealed record TrainingRunResult(RunSummary Summary, IReadOnlyList<ModelRun> Runs, RunArtifactPaths Artifacts, WriteBackResult? WriteBack = null);
