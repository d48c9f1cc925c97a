using System.Globalization;
using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Sqlite;

/// <summary>The embedded graph store: one SQLite file (WAL mode), schema in <c>Sqlite/schema.sql</c>.</summary>
public sealed class SqliteGraphStore : IGraphStore
{
    internal const int SchemaVersion = 2;

    private SqliteGraphStore(string path) => Location = new StoreLocation(StoreKind.Sqlite, path);

    public StoreLocation Location { get; }

    internal string FilePath => Location.Target;

    /// <summary>Opens the store file, creating it and its schema when missing.</summary>
    public static SqliteGraphStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"{full} is a folder, not a store file: give sqlite:PATH/TO/STORE.db.");
        }

        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        try
        {
            using var connection = SqliteConnections.Open(full);
            SqliteSchema.Apply(connection);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 26 or 14 or 11)
        {
            // 26 not a database, 14 cannot open, 11 malformed: say which file, not where in our code.
            throw new IOException($"{full} is not a PerturbKG store that can be opened ({e.Message.TrimEnd('.')}).", e);
        }

        return new SqliteGraphStore(full);
    }

    public async Task<IDatasetLoad> BeginDatasetAsync(string datasetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        var connection = SqliteConnections.Open(FilePath);
        try
        {
            return await SqliteDatasetLoad.BeginAsync(connection, datasetName, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<StoreSummary> GetSummaryAsync(CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        var nodes = connection.Query("SELECT type, COUNT(*) AS nodes FROM nodes GROUP BY type ORDER BY type", r => (Type: r.Text("type"), Count: r.Long("nodes")))
            .ToDictionary(r => r.Type, r => r.Count, StringComparer.Ordinal);
        var edges = CountEdgesByRelation(connection);
        var signatures = connection.Scalar<long>("SELECT COUNT(*) FROM signatures");
        var baselines = connection.Scalar<long>("SELECT COUNT(DISTINCT cell) FROM cell_baselines");
        var landmarks = connection.Scalar<int>("SELECT COUNT(*) FROM landmark_genes");
        var featureSets = ReadFeatureSets(connection);
        var datasets = ReadDatasets(connection);
        return Task.FromResult(new StoreSummary(nodes, edges, signatures, baselines, landmarks, featureSets, datasets));
    }

    public Task<SignatureSet> LoadSignaturesAsync(SignatureQuery query, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult(SqliteSignatures.Load(connection, query));
    }

    public Task<Subgraph> ExtractSubgraphAsync(SubgraphRequest request, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult(SqliteSubgraphs.Extract(connection, request, cancellationToken));
    }

    public Task WritePredictionsAsync(PredictionWrite write, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        SqlitePredictions.Write(connection, write, cancellationToken);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PredictionRun>> ListRunsAsync(CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult<IReadOnlyList<PredictionRun>>(SqlitePredictions.List(connection));
    }

    public Task PromoteRunAsync(string run, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        SqlitePredictions.Promote(connection, run);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> PruneRunsAsync(CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult<IReadOnlyList<string>>(SqlitePredictions.Prune(connection));
    }

    public Task<QueryResult> QueryAsync(string name, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult(SqliteQueries.Run(connection, name, parameters));
    }

    public Task<StoredNode> FindNodeAsync(string type, string keyOrName, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult(SqliteNodes.Resolve(connection, type, keyOrName));
    }

    public Task<IReadOnlyList<StoredNode>> SuggestNodesAsync(string type, string text, int limit, CancellationToken cancellationToken)
    {
        using var connection = SqliteConnections.Open(FilePath);
        return Task.FromResult(SqliteNodes.Suggest(connection, type, text, limit));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Counting per relation id walks the primary key in order; joining relations per row would be six times slower.
    private static SortedDictionary<string, long> CountEdgesByRelation(SqliteConnection connection)
    {
        var names = connection.Query("SELECT id, name FROM relations", r => (Id: r.Long("id"), Name: r.Text("name"))).ToDictionary(r => r.Id, r => r.Name);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        connection.Each("SELECT relation, COUNT(*) AS edges FROM edges GROUP BY dataset, relation", r =>
        {
            var name = names[r.Long("relation")];
            counts[name] = counts.GetValueOrDefault(name) + r.Long("edges");
        }, CancellationToken.None);
        return counts;
    }

    private static List<FeatureSetInfo> ReadFeatureSets(SqliteConnection connection) =>
        connection.Query(
            "SELECT f.name, f.node_type, f.dimension, (SELECT COUNT(*) FROM node_features n WHERE n.feature_set = f.id) AS vectors " +
            "FROM feature_sets f ORDER BY f.name, f.node_type",
            r => new FeatureSetInfo(r.Text("name"), r.Text("node_type"), r.Int("dimension"), r.Long("vectors")));

    private static List<DatasetInfo> ReadDatasets(SqliteConnection connection)
    {
        var files = connection.Query("SELECT dataset, role, path, sha256, bytes FROM dataset_files ORDER BY dataset, role, path",
                r => (Dataset: r.Long("dataset"), File: new DatasetFile(r.Text("role"), r.Text("path"), r.Text("sha256"), r.Long("bytes"))))
            .GroupBy(f => f.Dataset)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DatasetFile>)g.Select(f => f.File).ToList());
        return connection.Query("SELECT id, name, ingested_at FROM datasets WHERE ingested_at IS NOT NULL ORDER BY id",
            r => new DatasetInfo(r.Long("id"), r.Text("name"), DateTimeOffset.Parse(r.Text("ingested_at"), CultureInfo.InvariantCulture),
                files.GetValueOrDefault(r.Long("id")) ?? []));
    }
}
