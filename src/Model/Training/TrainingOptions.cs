namespace PerturbKG.Model.Training;

/// <summary>How a model is trained: optimiser, batches, and early stopping on the validation loss.</summary>
public sealed record TrainingOptions
{
    public int MaxEpochs { get; init; } = 200;

    /// <summary>Stop when the validation loss has not improved for this many epochs; the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 25;

    public int BatchSize { get; init; } = 256;

    public float LearningRate { get; init; } = 2e-3f;

    public float WeightDecay { get; init; } = 1e-4f;

    public float ClipNorm { get; init; } = 5f;

    public ulong Seed { get; init; } = 1;
}
