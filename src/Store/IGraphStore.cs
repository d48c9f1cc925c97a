using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

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

    /// <summary>
    /// Writes a run's predicted effects and explanation paths, replacing whatever that run wrote before, in one
    /// transaction. The first run written to a store becomes its current run.
    /// </summary>
    Task WritePredictionsAsync(PredictionWrite write, CancellationToken cancellationToken);

    /// <summary>The runs whose predictions the store holds, newest first.</summary>
    Task<IReadOnlyList<PredictionRun>> ListRunsAsync(CancellationToken cancellationToken);

    /// <summary>Makes a run the one queries use by default; <see cref="NotFoundException"/> for an unknown run.</summary>
    Task PromoteRunAsync(string run, CancellationToken cancellationToken);

    /// <summary>Deletes every run's predictions but the current run's; returns the runs removed.</summary>
    Task<IReadOnlyList<string>> PruneRunsAsync(CancellationToken cancellationToken);

    /// <summary>Runs a named query (<see cref="NamedQueries"/>); unknown drugs, cells, genes or runs give a <see cref="NotFoundException"/>.</summary>
    Task<QueryResult> QueryAsync(string name, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);

    /// <summary>A node of a type by key or name; <see cref="NotFoundException"/> with close matches when there is none.</summary>
    Task<StoredNode> FindNodeAsync(string type, string keyOrName, CancellationToken cancellationToken);

    /// <summary>
    /// Nodes of a type whose key or name holds what a user is typing (any case): exact matches first, then those
    /// starting with it, then the rest; shorter names first within each.
    /// </summary>
    Task<IReadOnlyList<StoredNode>> SuggestNodesAsync(string type, string text, int limit, CancellationToken cancellationToken);
}
