namespace PerturbKG.Model.Training;

/// <summary>
/// How training went: the loss per epoch, the epoch kept, and the time it took. Closed-form models list one entry per
/// hyperparameter value tried instead of epochs, and say which they chose in <paramref name="Choice"/>.
/// </summary>
public sealed record TrainingResult(
    string Model,
    IReadOnlyList<EpochLoss> History,
    int BestEpoch,
    double BestValidationLoss,
    double Seconds,
    bool StoppedEarly,
    string? Choice = null);

/// <summary>Training and validation loss (MSE) after one epoch.</summary>
public sealed record EpochLoss(int Epoch, double Train, double Validation, double Seconds);
