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

    /// <summary>
    /// Beyond this many training standard deviations of a gene, an error counts linearly (Huber loss on the standardised
    /// residual), so the heavy tails of consensus z-scores do not dominate; 0 trains on the mean squared error of the
    /// delta. Early stopping uses the same loss on the validation fold.
    /// </summary>
    public float HuberDelta { get; init; }

    public ulong Seed { get; init; } = 1;
}
