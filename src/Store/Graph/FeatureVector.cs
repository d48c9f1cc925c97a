namespace PerturbKG.Store.Graph;

/// <summary>A dense feature vector (an embedding) attached to a node.</summary>
public sealed record FeatureVector(long Node, float[] Values);
