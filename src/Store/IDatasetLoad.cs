using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store;

/// <summary>
/// One atomic load of a dataset. Nothing is visible to readers until <see cref="CommitAsync"/>; disposing without
/// committing leaves the store exactly as it was.
/// </summary>
public interface IDatasetLoad : IAsyncDisposable
{
    /// <summary>The stable id of the dataset being loaded.</summary>
    long DatasetId { get; }

    /// <summary>Nodes of one type already in the store (from any dataset), for merging new data onto them.</summary>
    Task<IReadOnlyList<StoredNode>> FindNodesAsync(string nodeType, CancellationToken cancellationToken);

    /// <summary>One attribute of every node of a type that has it, keyed by node id.</summary>
    Task<IReadOnlyDictionary<long, string>> FindNodeAttributeAsync(
        string nodeType, string attribute, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates nodes by (type, key) and claims them for this dataset; returns their ids in order. A node another
    /// dataset also claims keeps its name (counted in <see cref="NamesKept"/>).
    /// </summary>
    Task<long[]> UpsertNodesAsync(IReadOnlyList<GraphNode> nodes, CancellationToken cancellationToken);

    /// <summary>Nodes this load gave a name that differs from the one another dataset gave them, which was kept.</summary>
    int NamesKept { get; }

    /// <summary>Marks existing nodes as used by this dataset (without changing them), so they outlive other datasets.</summary>
    Task ClaimNodesAsync(IReadOnlyCollection<long> nodeIds, CancellationToken cancellationToken);

    /// <summary>Returns the store's ids of these relation types, creating the missing ones.</summary>
    Task<int[]> EnsureRelationsAsync(IReadOnlyList<RelationType> relations, CancellationToken cancellationToken);

    /// <summary>Adds edges between nodes this dataset has claimed. Callers pass each edge once.</summary>
    Task AddEdgesAsync(ReadOnlyMemory<GraphEdge> edges, CancellationToken cancellationToken);

    /// <summary>Sets text attributes on nodes this dataset has claimed.</summary>
    Task SetNodeAttributesAsync(IReadOnlyList<NodeAttribute> attributes, CancellationToken cancellationToken);

    /// <summary>Adds one named set of feature vectors (all of one dimension) for nodes of one type.</summary>
    Task AddNodeFeaturesAsync(
        string featureSet, string nodeType, int dimension, IReadOnlyList<FeatureVector> vectors,
        CancellationToken cancellationToken);

    /// <summary>The store's landmark gene set, empty when none has been loaded yet.</summary>
    Task<IReadOnlyList<LandmarkGene>> GetLandmarkGenesAsync(CancellationToken cancellationToken);

    /// <summary>Sets the landmark gene set; it must equal the stored set unless no other dataset uses it.</summary>
    Task SetLandmarkGenesAsync(IReadOnlyList<LandmarkGene> genes, CancellationToken cancellationToken);

    /// <summary>Adds observed signatures (vectors in landmark order).</summary>
    Task AddSignaturesAsync(IReadOnlyList<Signature> signatures, CancellationToken cancellationToken);

    /// <summary>Sets basal expression vectors of cell lines.</summary>
    Task SetCellBaselinesAsync(IReadOnlyList<CellBaseline> baselines, CancellationToken cancellationToken);

    /// <summary>Records how LINCS compounds were joined to drug nodes.</summary>
    Task RecordCompoundMatchesAsync(IReadOnlyList<CompoundMatch> matches, CancellationToken cancellationToken);

    /// <summary>Records an input file's provenance.</summary>
    Task RecordFileAsync(DatasetFile file, CancellationToken cancellationToken);

    /// <summary>Makes the whole load visible at once, storing the ingestion report (JSON) with the dataset.</summary>
    Task CommitAsync(string reportJson, CancellationToken cancellationToken);
}
