using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PerturbKG.Model;
using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Torch;
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
        foreach (var (relation, edges) in data.ExcludedRelations)
        {
            logger.LogInformation("Left {Relation} ({Edges} edges) out of the graph: its evidence is the expression data being predicted", relation, edges);
        }

        foreach (var warning in data.Warnings)
        {
            logger.LogWarning("Possible label leak: {Warning}", warning);
        }

        var runs = new List<ModelRun>();
        var splits = new List<Split>();
        var walks = new Lazy<RandomWalkFeatures>(() => new RandomWalkFeatures(data.Graph));
        (GatModel Model, ModelFile File)? first = null;
        for (var seed = 1UL; seed <= (ulong)options.Seeds; seed++)
        {
            var split = Split(data, options, seed);
            splits.Add(split);
            var fold = new Fold(split, data.Pairs);
            foreach (var name in options.Models)
            {
                var model = Build(name, data.Graph, options, seed, walks);
                runs.Add(Train(model, fold, options, seed, output, progress, ct));
                if (name == "gat" && seed == 1)
                {
                    var file = new ModelFile(Path.GetFileName(output), "gat", seed, Path.Combine("checkpoints", "gat-seed1.bin"), options.Split, options.Ratios,
                        options.Data, GatSettings.From(options.Gat with { Seed = seed }));
                    await file.SaveAsync(output, ct);
                    first = ((GatModel)model, file);
                }
            }

            foreach (var (_, build) in Ablated(options, data.Graph, seed))
            {
                runs.Add(Train(build(), fold, options, seed, output, progress, ct));
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
        var artifacts = await RunArtifacts.WriteAsync(output, options, data, splits, runs, summary, await store.GetSummaryAsync(ct), store.Location.ToString(), written, ct);
        logger.LogInformation("Run {Run} finished in {Seconds:F0} s", summary.Name, clock.Elapsed.TotalSeconds);
        return new TrainingRunResult(summary, runs, artifacts, written) { Data = DataNotes.Of(data) };
    }

    private static Split Split(TrainingData data, TrainingRunOptions options, ulong seed) => Split(data, options.Split, options.Ratios, seed);

    /// <summary>The split of a seed: deterministic in the data, kind, ratios and seed.</summary>
    internal static Split Split(TrainingData data, string kind, SplitRatios ratios, ulong seed)
    {
        if (data.ExternalTest.Count == 0)
        {
            return SplitOf(data, Enumerable.Range(0, data.Pairs.Count).ToList(), kind, ratios, seed);
        }

        // External test set: the rest, less anything sharing a drug or scaffold (or, for unseen cells, a cell line)
        // with it, is split into training and validation; the inner split's validation and test folds both validate.
        var test = data.ExternalTest.ToHashSet();
        var drugs = test.Select(i => data.Pairs[i].Drug).ToHashSet();
        var scaffolds = test.Select(i => data.Scaffolds[i]).ToHashSet(StringComparer.Ordinal);
        var cells = kind == "cell" ? test.Select(i => data.Pairs[i].Cell).ToHashSet() : [];
        var rest = Enumerable.Range(0, data.Pairs.Count).Where(i => !test.Contains(i)).ToList();
        var candidates = rest.Where(i => !drugs.Contains(data.Pairs[i].Drug) && !scaffolds.Contains(data.Scaffolds[i]) && !cells.Contains(data.Pairs[i].Cell)).ToList();
        if (candidates.Count < 2)
        {
            throw new ArgumentException($"Only {candidates.Count} pairs share no drug or scaffold with the test datasets: nothing to train on.");
        }

        var train = ratios.Train / (ratios.Train + ratios.Validation);
        var inner = SplitOf(data, candidates, kind, new SplitRatios(train, (1 - train) / 2, (1 - train) / 2), seed);
        return new Split(kind, seed, inner.Train, [.. inner.Validation, .. inner.Test], [.. data.ExternalTest], ExternalTest: true, Excluded: rest.Count - candidates.Count);
    }

    // A split of some pairs (indices into data.Pairs), by kind.
    private static Split SplitOf(TrainingData data, List<int> pairs, string kind, SplitRatios ratios, ulong seed)
    {
        var split = kind switch
        {
            "random" => Splitter.Random(pairs.Count, ratios, seed),
            "scaffold" => Splitter.Scaffold(pairs.Select(i => data.Scaffolds[i]).ToList(), ratios, seed),
            "cell" => Splitter.UnseenCell(pairs.Select(i => data.Pairs[i].Cell).ToList(), ratios, seed),
            _ => throw new ArgumentException($"Unknown split '{kind}': use random, scaffold or cell."),
        };
        int[] Map(int[] positions) => positions.Select(p => pairs[p]).ToArray();
        return split with { Train = Map(split.Train), Validation = Map(split.Validation), Test = Map(split.Test) };
    }

    /// <summary>The training pairs of a split, recomputed (splits are deterministic in their seed).</summary>
    public static List<PairSample> TrainingPairs(TrainingData data, string kind, SplitRatios ratios, ulong seed) =>
        Split(data, kind, ratios, seed).Train.Select(i => data.Pairs[i]).ToList();

    /// <summary>A model of the run, untrained. <paramref name="walks"/> (the graph's random walks) is shared by every seed's kg-ridge.</summary>
    internal static IPerturbationModel Build(string name, GraphData graph, TrainingRunOptions options, ulong seed, Lazy<RandomWalkFeatures> walks) => name switch
    {
        "gat" => new GatModel(graph, options.Gat with { Seed = seed }, device: TorchRuntime.ResolveDevice(options.Device)),
        "mlp" => new MlpModel("mlp", PairInputs.DrugTargetsCell(graph), graph.Landmarks.Length, options.MlpHidden, options.MlpDropout, seed, TorchRuntime.ResolveDevice(options.Device)),
        "mlp-nodrug" => new MlpModel("mlp-nodrug", PairInputs.CellOnly(graph), graph.Landmarks.Length, options.MlpHidden, options.MlpDropout, seed, TorchRuntime.ResolveDevice(options.Device)),
        "ridge" => new RidgeModel("ridge", new[] { FeatureBlock.DrugFeatures(graph), FeatureBlock.CellFeatures(graph) }.OfType<FeatureBlock>().ToList()),
        "knn" => new KnnModel(graph),
        "kg-ridge" => RidgeModel.OnGraph("kg-ridge", graph, walks.Value),
        "gat-prior" => RidgeModel.OnGraph("gat-prior", graph, walks.Value, drugFeatures: true),
        "mean-cell" => MeanModel.PerCell(),
        "mean" => MeanModel.Global(),
        _ => throw new ArgumentException($"Unknown model '{name}'."),
    };

    /// <summary>
    /// The run's ablations, untrained: the GAT on each damaged graph, and on shuffled edges each closed-form model that
    /// reads the graph (kg-ridge, gat-prior) when the run has it, so every graph model can be set against its own
    /// shuffled twin.
    /// </summary>
    internal static IEnumerable<(string Name, Func<IPerturbationModel> Build)> Ablated(TrainingRunOptions options, GraphData graph, ulong seed) =>
        from ablation in options.Ablations
        from model in new[] { "gat", "kg-ridge", "gat-prior" }
        where model == "gat" || (ablation == "shuffle-edges" && options.Models.Contains(model))
        select ($"{model}+{ablation}", (Func<IPerturbationModel>)(() => Ablated(model, ablation, graph, options, seed)));

    private static IPerturbationModel Ablated(string model, string ablation, GraphData graph, TrainingRunOptions options, ulong seed)
    {
        var damaged = ablation == "shuffle-edges" ? Ablations.ShuffleEdges(graph, seed) : Ablations.RandomizeFeatures(graph, seed);
        var name = $"{model}+{ablation}";
        return model switch
        {
            "gat" => new GatModel(damaged, options.Gat with { Seed = seed }, name, TorchRuntime.ResolveDevice(options.Device)),
            "kg-ridge" => RidgeModel.OnGraph(name, damaged, new RandomWalkFeatures(damaged)),
            _ => RidgeModel.OnGraph(name, damaged, new RandomWalkFeatures(damaged), drugFeatures: true),
        };
    }

    private ModelRun Train(IPerturbationModel model, Fold fold, TrainingRunOptions options, ulong seed, string output,
        IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var settings = (model is GatModel ? options.GatTraining : options.MlpTraining) with { Seed = seed };
        var stage = $"seed {seed} · {model.Name}";
        logger.LogInformation("Training {Model} on seed {Seed}: {Split}", model.Name, seed, fold.Split);
        progress?.Report(new TrainingProgress(stage, 0, settings.MaxEpochs, null));
        var result = new Trainer(settings).Train(model, fold.Train, fold.Validation, fold.Means,
            new Reporter(e => progress?.Report(new TrainingProgress(stage, e.Epoch, settings.MaxEpochs, e.Validation, e.Train))), ct);
        progress?.Report(new TrainingProgress(stage, settings.MaxEpochs, settings.MaxEpochs, result.BestValidationLoss));

        var predictions = Trainer.Predict(model, fold.Test, fold.Means);
        var metrics = FoldMetrics.Compute(predictions, fold.Test.Select(s => s.Delta).ToList(), fold.Test.Select(s => s.Cell).ToList(), fold.Means.Global);
        string? checkpoint = null;
        if (model is PerturbationModule module)
        {
            checkpoint = Path.Combine(output, "checkpoints", $"{model.Name}-seed{seed}.bin");
            Checkpoint.Save(checkpoint, module);
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
public sealed record TrainingRunResult(RunSummary Summary, IReadOnlyList<ModelRun> Runs, RunArtifactPaths Artifacts, WriteBackResult? WriteBack = null)
{
    /// <summary>What the user should know about the data the run saw.</summary>
    public DataNotes Data { get; init; } = new([], []);
}

/// <summary>Relations the leakage guard left out (with edge counts), and warnings about the data.</summary>
public sealed record DataNotes(IReadOnlyList<string> Excluded, IReadOnlyList<string> Warnings)
{
    public static DataNotes Of(TrainingData data) =>
        new(data.ExcludedRelations.Select(r => $"{r.Key} ({r.Value:N0} edges)").ToList(), data.Warnings);
}
