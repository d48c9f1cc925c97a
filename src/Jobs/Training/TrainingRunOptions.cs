using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;

namespace PerturbKG.Jobs.Training;

/// <summary>Everything a training run does, in one record (written into the run's manifest).</summary>
public sealed record TrainingRunOptions
{
    public required string OutputDirectory { get; init; }

    /// <summary>random (pairs), scaffold (Bemis–Murcko, whole scaffolds per fold) or cell (unseen cell lines).</summary>
    public string Split { get; init; } = "scaffold";

    public SplitRatios Ratios { get; init; } = new();

    public IReadOnlyList<string> Models { get; init; } = ["gat", "mlp", "mlp-nodrug", "ridge", "knn", "kg-ridge", "gat-prior", "mean-cell", "mean"];

    /// <summary>shuffle-edges and/or random-features: each retrains the GAT on a damaged graph.</summary>
    public IReadOnlyList<string> Ablations { get; init; } = ["shuffle-edges", "random-features"];

    public int Seeds { get; init; } = 3;

    public TrainingDataOptions Data { get; init; } = new();

    public GatOptions Gat { get; init; } = new();

    public TrainingOptions GatTraining { get; init; } = new() { MaxEpochs = 60, Patience = 10, BatchSize = 4096, LearningRate = 5e-3f, HuberDelta = 1f };

    public TrainingOptions MlpTraining { get; init; } = new() { MaxEpochs = 200, Patience = 30, BatchSize = 256, LearningRate = 1e-3f };

    public int MlpHidden { get; init; } = 512;

    /// <summary>What the first seed's GAT writes back into the store after the run (null: nothing).</summary>
    public Predictions.WriteBackOptions? WriteBack { get; init; } = new();

    public float MlpDropout { get; init; } = 0.2f;

    /// <summary>Where the GAT and MLPs run: auto (CUDA when TorchSharp's CUDA backend and a GPU are present, else the CPU), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    public static readonly IReadOnlySet<string> KnownModels = new HashSet<string>(["gat", "mlp", "mlp-nodrug", "ridge", "knn", "kg-ridge", "gat-prior", "mean-cell", "mean"]);

    public static readonly IReadOnlySet<string> KnownAblations = new HashSet<string>(["shuffle-edges", "random-features"]);

    public static readonly IReadOnlySet<string> KnownSplits = new HashSet<string>(["random", "scaffold", "cell"]);
}
