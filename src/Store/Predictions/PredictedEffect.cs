namespace PerturbKG.Store.Predictions;

/// <summary>
/// One PREDICTED_EFFECT edge: drug → gene in a cell line, with the predicted delta expression, its z-score (the
/// delta's distance from the cell line's training mean in training standard deviations) and its rank by |delta|
/// among the pair's 978 genes (1 = strongest), plus the attention paths that explain it.
/// </summary>
public sealed record PredictedEffect(long Drug, long Cell, long Gene, float Delta, float ZScore, int Rank, IReadOnlyList<ExplanationPath> Paths);

/// <summary>A path drug → … → gene through the graph, ranked by its contribution to the predicted effect.</summary>
/// <param name="Rank">1 = the path that contributes most.</param>
/// <param name="Score">The path's contribution to the prediction, in standardised units (signed).</param>
public sealed record ExplanationPath(int Rank, double Score, IReadOnlyList<PathHop> Hops);

/// <summary>One step of a path along a stored edge (in either direction), with its attention weight (mean over heads).</summary>
public sealed record PathHop(long From, long To, string Relation, float Attention);

/// <summary>Everything one run writes back; replaces what the run wrote before, in one transaction.</summary>
public sealed record PredictionWrite(string Run, string Model, string Directory, IReadOnlyList<PredictedEffect> Effects, string? Faithfulness = null);
