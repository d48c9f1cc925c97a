using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PerturbKG.Model;
using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
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
        for (var seed = 1UL; seed <= (ulong)options.Seeds; seed++)
        {
            var split = Split(data, options, seed);
            splits.Add(split);
            var fold = new Fold(split, data.Pairs);
            foreach (var name in options.Models)
            {
                runs.Add(Train(Build(name, data.Graph, options, seed), fold, options, seed, output, progress, ct));
            }

            foreach (var ablation in options.Ablations)
            {
                var damaged = ablation == "shuffle-edges" ? Ablations.ShuffleEdges(data.Graph, seed) : Ablations.RandomizeFeatures(data.Graph, seed);
                runs.Add(Train(new GatModel(damaged, options.Gat with { Seed = seed }, $"gat+{ablation}"), fold, options, seed, output, progress, ct));
            }
        }

        var summary = RunSummary.From(Path.GetFileName(output), options.Split, options.Seeds, runs, clock.Elapsed.TotalSeconds);
        var artifacts = await RunArtifacts.WriteAsync(output, options, data, splits, runs, summary, await store.GetSummaryAsync(ct), ct);
        logger.LogInformation("Run {Run} finished in {Seconds:F0} s", summary.Name, clock.Elapsed.TotalSeconds);
        return new TrainingRunResult(summary, runs, artifacts);
    }

    private static Split Split(TrainingData data, TrainingRunOptions options, ulong seed) => options.Split switch
    {
        "random" => Splitter.Random(data.Pairs.Count, options.Ratios, seed),
        "scaffold" => Splitter.Scaffold(data.Scaffolds, options.Ratios, seed),
        "cell" => Splitter.UnseenCell(data.Pairs.Select(p => p.Cell).ToList(), options.Ratios, seed),
        _ => throw new ArgumentException($"Unknown split '{options.Split}': use random, scaffold or cell."),
    };

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
public sealed record TrainingRunResult(RunSummary Summary, IReadOnlyList<ModelRun> Runs, RunArtifactPaths Artifacts);
