using PerturbKG.Store.Graph;

namespace PerturbKG.Store;

/// <summary>
/// The graph store, in the terms the product uses. Implemented by the embedded SQLite store and by the Neo4j store.
/// </summary>
public interface IGraphStore : IAsyncDisposable
{
    /// <summary>Where the store lives, e.g. <c>sqlite:/data/perturbkg.db</c>.</summary>
    StoreLocation Location { get; }

    /// <summary>
    /// Starts loading a named dataset. Everything the dataset held before is replaced when the load commits; until then
    /// (and if it never commits) readers see the previous state.
    /// </summary>
    Task<IDatasetLoad> BeginDatasetAsync(string datasetName, CancellationToken cancellationToken);

    /// <summary>Counts of what the store holds.</summary>
    Task<StoreSummary> GetSummaryAsync(CancellationToken cancellationToken);

    /// <summary>Observed signatures (all datasets, or the ones named), with landmark genes and cell baselines.</summary>
    Task<SignatureSet> LoadSignaturesAsync(SignatureQuery query, CancellationToken cancellationToken);

    /// <summary>The k-hop neighbourhood of some nodes, with their features, for a model.</summary>
    Task<Subgraph> ExtractSubgraphAsync(SubgraphRequest request, CancellationToken cancellationToken);
}
