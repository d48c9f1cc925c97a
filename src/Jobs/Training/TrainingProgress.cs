namespace PerturbKG.Jobs.Training;

/// <summary>Where a training run is: which model on which seed, and its epoch.</summary>
public sealed record TrainingProgress(string Stage, int Epoch, int MaxEpochs, double? ValidationLoss);
