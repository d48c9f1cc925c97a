using PerturbKG.Store.Bolt;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// The production graph store: a Neo4j 5 database spoken to over Bolt, with every statement from <c>cypher/</c>.
/// Graph nodes are <c>:Entity</c> nodes labelled with their type too; <c>uid</c> is the numeric id the store interface
/// uses. A dataset load is one write transaction (see <see cref="Neo4jDatasetLoad"/>).
/// </summary>
public sealed class Neo4jGraphStore : IGraphStore
{
    /// <summary>Rows per <c>UNWIND $rows</c> statement unless <c>PERTURBKG_NEO4J_BATCH</c> says otherwise.</summary>
    public const int DefaultBatchSize = 10_000;

    private readonly BoltDriver _driver;

    private Neo4jGraphStore(StoreLocation location, BoltDriver driver, int batchSize)
    {
        Location = location;
        _driver = driver;
        BatchSize = batchSize;
    }

    public StoreLocation Location { get; }

    /// <summary>Rows sent per batched statement.</summary>
    public int BatchSize { get; }

    /// <summary>
    /// Connects (credentials from <c>NEO4J_USER</c>/<c>NEO4J_PASSWORD</c>) and, unless told it was done already,
    /// applies <c>cypher/schema.cypher</c>.
    /// </summary>
    public static Task<Neo4jGraphStore> OpenAsync(StoreLocation location, CancellationToken ct, bool applySchema = true) =>
        OpenAsync(location, BoltAuth.FromEnvironment(), BatchSizeFromEnvironment(), ct, applySchema);

    public static async Task<Neo4jGraphStore> OpenAsync(StoreLocation location, BoltAuth auth, int batchSize, CancellationToken ct, bool applySchema = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var driver = new BoltDriver(BoltAddress.Parse(location.Target), auth);
        var store = new Neo4jGraphStore(location, driver, batchSize);
        if (!applySchema)
        {
            return store;
        }

        try
        {
            await store.AutoCommitAsync(
                BoltAccess.Write,
                async session =>
                {
                    foreach (var statement in CypherFiles.Statements("schema"))
                    {
                        await session.Connection.ExecuteAsync(statement, null, ct);
                    }

                    return 0;
                },
                ct);
            return store;
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }
    }

    public async Task<IDatasetLoad> BeginDatasetAsync(string datasetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        var connection = await _driver.AcquireAsync(BoltAccess.Write, cancellationToken);
        try
        {
            return await Neo4jDatasetLoad.BeginAsync(_driver, connection, datasetName, BatchSize, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<StoreSummary> GetSummaryAsync(CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jSummary.ReadAsync(session, cancellationToken), cancellationToken);

    public Task<SignatureSet> LoadSignaturesAsync(SignatureQuery query, CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jSignatures.LoadAsync(session, query, cancellationToken), cancellationToken);

    public Task<Subgraph> ExtractSubgraphAsync(SubgraphRequest request, CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jSubgraphs.ExtractAsync(session, request, cancellationToken), cancellationToken);

    public Task WritePredictionsAsync(PredictionWrite write, CancellationToken cancellationToken) =>
        _driver.WriteTransactionAsync(
            (connection, ct) => Neo4jPredictions.WriteAsync(new CypherSession(connection), write, BatchSize, ct), cancellationToken);

    public Task<IReadOnlyList<PredictionRun>> ListRunsAsync(CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jPredictions.ListAsync(session, cancellationToken), cancellationToken);

    public Task PromoteRunAsync(string run, CancellationToken cancellationToken) =>
        _driver.WriteTransactionAsync(
            (connection, ct) => Neo4jPredictions.PromoteAsync(new CypherSession(connection), run, ct), cancellationToken);

    public Task<IReadOnlyList<string>> PruneRunsAsync(CancellationToken cancellationToken) =>
        _driver.WriteTransactionAsync(
            (connection, ct) => Neo4jPredictions.PruneAsync(new CypherSession(connection), ct), cancellationToken);

    public Task<QueryResult> QueryAsync(string name, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jQueries.RunAsync(session, name, parameters, cancellationToken), cancellationToken);

    public Task<StoredNode> FindNodeAsync(string type, string keyOrName, CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jNodes.ResolveAsync(session, type, keyOrName, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<StoredNode>> SuggestNodesAsync(string type, string text, int limit, CancellationToken cancellationToken) =>
        ReadAsync(session => Neo4jNodes.SuggestAsync(session, type, text, limit, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _driver.DisposeAsync();

    private Task<T> ReadAsync<T>(Func<CypherSession, Task<T>> read, CancellationToken ct) => AutoCommitAsync(BoltAccess.Read, read, ct);

    // Auto-commit statements on a pooled connection (reads go to a reader of a cluster, with the driver's bookmark);
    // a failed statement has already reset the connection, a broken one is not pooled.
    private async Task<T> AutoCommitAsync<T>(BoltAccess access, Func<CypherSession, Task<T>> read, CancellationToken ct)
    {
        var connection = await _driver.AcquireAsync(access, ct);
        try
        {
            return await read(new CypherSession(connection));
        }
        finally
        {
            await _driver.ReleaseAsync(connection);
        }
    }

    private static int BatchSizeFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("PERTURBKG_NEO4J_BATCH");
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultBatchSize;
        }

        return int.TryParse(text, out var size) && size is >= 1 and <= 1_000_000
            ? size
            : throw new FormatException($"PERTURBKG_NEO4J_BATCH must be a whole number from 1 to 1000000, not '{text}'.");
    }
}
