namespace PerturbKG.Store.Predictions;

/// <summary>A training run whose predictions a store holds (or held, before pruning).</summary>
/// <param name="Id">The run's name (its folder under runs/).</param>
/// <param name="Model">The model that made the predictions, e.g. <c>gat</c>.</param>
/// <param name="Directory">Where the run's manifest, checkpoints and report are.</param>
/// <param name="Faithfulness">The run's faithfulness check as JSON, when one was made.</param>
public sealed record PredictionRun(
    string Id, string Model, string Directory, DateTimeOffset WrittenAt, bool IsCurrent, long Effects, long Paths, string? Faithfulness);
