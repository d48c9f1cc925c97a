namespace PerturbKG.Store.Graph;

/// <summary>A node already in a store, with the store's stable numeric id.</summary>
public sealed record StoredNode(long Id, string Type, string Key, string Name);
