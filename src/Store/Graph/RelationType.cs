namespace PerturbKG.Store.Graph;

/// <summary>An edge type: the relation name, its display name, and the node types it joins.</summary>
/// <param name="Directed">False when the source graph treats the relation as symmetric (mirror rows are folded).</param>
public sealed record RelationType(string Name, string Display, string SourceType, string TargetType, bool Directed);
