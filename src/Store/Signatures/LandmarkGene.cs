namespace PerturbKG.Store.Signatures;

/// <summary>One of the 978 L1000 landmark genes: its position in every stored vector, and its gene node.</summary>
public sealed record LandmarkGene(int Position, string EntrezId, string Symbol, long Node);
