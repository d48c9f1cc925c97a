namespace PerturbKG.Jobs.Training;

/// <summary>Where a training run is: which model on which seed, its epoch and losses.</summary>
public sealed record TrainingProgress(string Stage, int Epoch, int MaxEpochs, double? ValidationLoss, double? TrainingLoss = null);
