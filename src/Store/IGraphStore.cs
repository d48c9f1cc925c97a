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
}
