namespace PerturbKG.Model.Data;

/// <summary>
/// One (drug, cell line) pair to predict: node rows in a <see cref="GraphData"/>, and the observed delta of the 978
/// landmark genes (the mean of the pair's signatures).
/// </summary>
public sealed record PairSample(string Id, int Drug, int Cell, float[] Delta, int Signatures);
