namespace PerturbKG.Store.Graph;

/// <summary>A named text property of a node (SMILES, InChIKey, description, sequence, ...).</summary>
public sealed record NodeAttribute(long Node, string Name, string Value);
