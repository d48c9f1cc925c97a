using PerturbKG.Model.Data;
using PerturbKG.Model.Training;

namespace PerturbKG.Model;

/// <summary>
/// A model fitted in closed form rather than by gradient steps (ridge, nearest neighbours). It chooses its own
/// hyperparameter on the validation fold; fitting is deterministic, so a run's model is rebuilt by fitting again on
/// the same training fold.
/// </summary>
public interface IFittedModel : IPerturbationModel
{
    /// <summary>Fits on the training pairs, choosing the hyperparameter with the lowest validation loss.</summary>
    TrainingResult Fit(IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation, TrainingMeans means, CancellationToken ct);
}
