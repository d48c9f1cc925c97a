namespace PerturbKG.Store.Signatures;

/// <summary>Untreated (basal) expression of the landmark genes in one cell line.</summary>
public sealed record CellBaseline(long Cell, float[] Values);
