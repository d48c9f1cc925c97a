using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Training;

namespace PerturbKG.Jobs.Training;

/// <summary>One model trained and scored on one split.</summary>
public sealed record ModelRun(
    string Model,
    ulong Seed,
    TrainingResult Training,
    IReadOnlyList<string> TestPairs,
    IReadOnlyList<SampleMetrics> Metrics,
    IReadOnlyList<(float[] Predicted, float[] Observed)> Examples,
    string? Checkpoint);
