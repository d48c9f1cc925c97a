namespace PerturbKG.Store.Graph;

/// <summary>A node as a source describes it; (Type, Key) is its identity in every store.</summary>
/// <param name="Type">Canonical label, one of <see cref="NodeTypes"/> or a source's own kind.</param>
/// <param name="Key">The source identifier (DrugBank id, Entrez id, MONDO id, LINCS cell id, ...).</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Source">The vocabulary the key comes from (DrugBank, NCBI, ...), when known.</param>
public sealed record GraphNode(string Type, string Key, string Name, string? Source);
