using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Graph;

/// <summary>Which part of the graph to extract: the neighbourhood of some nodes.</summary>
/// <param name="Anchors">Node ids to start from (drugs, cell lines, landmark genes of a dataset).</param>
/// <param name="Hops">How many steps out from the anchors.</param>
/// <param name="MaxNeighbours">Keep at most this many edges per node (sampled reproducibly from the seed); null keeps all.</param>
public sealed record SubgraphRequest(IReadOnlyCollection<long> Anchors, int Hops = 2, int? MaxNeighbours = null, ulong Seed = 0);

/// <summary>An extracted neighbourhood: its nodes, typed edges, node feature vectors and drug structures.</summary>
public sealed record Subgraph(
    IReadOnlyList<StoredNode> Nodes,
    IReadOnlyList<StoredRelation> Relations,
    IReadOnlyList<GraphEdge> Edges,
    IReadOnlyList<NodeFeatureSet> Features,
    IReadOnlyDictionary<long, string> Smiles);

/// <summary>A relation type with the store's id for it.</summary>
public sealed record StoredRelation(int Id, RelationType Type);

/// <summary>One named set of node vectors, for the nodes that have one.</summary>
public sealed record NodeFeatureSet(string Name, string NodeType, int Dimension, IReadOnlyDictionary<long, float[]> Vectors);

/// <summary>Which signatures to load.</summary>
public sealed record SignatureQuery(IReadOnlyList<string>? Datasets = null, SignatureKind? Kind = null);

/// <summary>Signatures with the landmark order their vectors follow and the cell lines' basal expression.</summary>
public sealed record SignatureSet(
    IReadOnlyList<LandmarkGene> Landmarks,
    IReadOnlyList<StoredSignature> Signatures,
    IReadOnlyDictionary<long, float[]> CellBaselines);

/// <summary>A stored observation.</summary>
public sealed record StoredSignature(
    long Id, string SignatureId, string Dataset, SignatureKind Kind, long Drug, long Cell,
    double? Dose, string? DoseUnit, double? Time, string? TimeUnit, float[] Values);
