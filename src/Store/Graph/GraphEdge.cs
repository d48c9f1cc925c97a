namespace PerturbKG.Store.Graph;

/// <summary>One stored edge between two stored nodes, typed by a relation id from the same store.</summary>
public readonly record struct GraphEdge(long Source, long Target, int Relation);
