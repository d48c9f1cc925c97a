using System.Globalization;
using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Sqlite;

/// <summary>
/// A dataset load inside one SQLite write transaction (BEGIN IMMEDIATE ... COMMIT). The dataset's previous rows are
/// deleted first; nodes no dataset claims any more are swept at commit.
/// </summary>
internal sealed class SqliteDatasetLoad : IDatasetLoad
{
    // Above this many edges, dropping the two edge indexes and rebuilding them once is faster than maintaining them.
    private const int BulkEdgeThreshold = 50_000;

    private readonly SqliteConnection _connection;
    private bool _finished;
    private bool _rebuildEdgeIndexes;

    private SqliteDatasetLoad(SqliteConnection connection, long datasetId)
    {
        _connection = connection;
        DatasetId = datasetId;
    }

    public long DatasetId { get; }

    public int NamesKept { get; private set; }

    public static Task<SqliteDatasetLoad> BeginAsync(SqliteConnection connection, string name, CancellationToken ct)
    {
        try
        {
            connection.Execute("BEGIN IMMEDIATE");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 5)
        {
            throw new PerturbKG.Store.Predictions.ConflictException(
                $"The store {connection.DataSource} is busy: another load holds its write lock.", e);
        }

        connection.Execute(
            "INSERT INTO datasets (name, created_at) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING",
            ("$name", name), ("$now", Now()));
        var id = connection.Scalar<long>("SELECT id FROM datasets WHERE name = $name", ("$name", name));
        var load = new SqliteDatasetLoad(connection, id);
        ct.ThrowIfCancellationRequested();
        load.RemovePreviousRows();
        return Task.FromResult(load);
    }

    public Task<IReadOnlyList<StoredNode>> FindNodesAsync(string nodeType, CancellationToken cancellationToken) =>
        // Only nodes some dataset claims: this dataset's previous claims are already gone, and the nodes only it claimed
        // (swept at commit) must not be merged onto, or loading a dataset twice would not give the store loading it once gives.
        Task.FromResult<IReadOnlyList<StoredNode>>(_connection.Query(
            "SELECT id, type, key, name FROM nodes n WHERE type = $type AND EXISTS (SELECT 1 FROM node_datasets d WHERE d.node = n.id) ORDER BY id",
            SqliteNodes.Read, ("$type", nodeType)));

    public Task<IReadOnlyDictionary<long, string>> FindNodeAttributeAsync(
        string nodeType, string attribute, CancellationToken cancellationToken)
    {
        // When several datasets set the attribute, the most recently created dataset wins.
        var values = new Dictionary<long, string>();
        _connection.Each(
            "SELECT a.node, a.value FROM node_attributes a JOIN nodes n ON n.id = a.node " +
            "WHERE a.name = $name AND n.type = $type AND EXISTS (SELECT 1 FROM node_datasets d WHERE d.node = n.id) ORDER BY a.dataset",
            r => values[r.Long("node")] = r.Text("value"), cancellationToken, ("$name", attribute), ("$type", nodeType));
        return Task.FromResult<IReadOnlyDictionary<long, string>>(values);
    }

    public Task<long[]> UpsertNodesAsync(IReadOnlyList<GraphNode> nodes, CancellationToken cancellationToken)
    {
        var ids = new long[nodes.Count];
        using var upsert = new RawStatement(
            _connection,
            // A node another dataset also claims keeps its name: one dataset never renames another's nodes.
            "INSERT INTO nodes (type, key, name, source) VALUES (?1, ?2, ?3, ?4) " +
            "ON CONFLICT (type, key) DO UPDATE SET " +
            "name = CASE WHEN EXISTS (SELECT 1 FROM node_datasets d WHERE d.node = nodes.id AND d.dataset <> ?5) THEN nodes.name ELSE excluded.name END, " +
            "source = COALESCE(excluded.source, nodes.source) RETURNING id, name");
        using var claim = new RawStatement(_connection, "INSERT OR IGNORE INTO node_datasets (dataset, node) VALUES (?1, ?2)");
        for (var i = 0; i < nodes.Count; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var node = nodes[i];
            upsert.Bind(1, node.Type);
            upsert.Bind(2, node.Key);
            upsert.Bind(3, node.Name);
            upsert.Bind(4, node.Source);
            upsert.Bind(5, DatasetId);
            (ids[i], var name) = upsert.RunForInt64AndText();
            if (name != node.Name)
            {
                NamesKept++;
            }
            claim.Bind(1, DatasetId);
            claim.Bind(2, ids[i]);
            claim.Run();
        }

        return Task.FromResult(ids);
    }

    public Task ClaimNodesAsync(IReadOnlyCollection<long> nodeIds, CancellationToken cancellationToken)
    {
        using var claim = new RawStatement(_connection, "INSERT OR IGNORE INTO node_datasets (dataset, node) VALUES (?1, ?2)");
        foreach (var id in nodeIds)
        {
            claim.Bind(1, DatasetId);
            claim.Bind(2, id);
            claim.Run();
        }

        return Task.CompletedTask;
    }

    public Task<int[]> EnsureRelationsAsync(IReadOnlyList<RelationType> relations, CancellationToken cancellationToken)
    {
        var ids = new int[relations.Count];
        for (var i = 0; i < relations.Count; i++)
        {
            var relation = relations[i];
            ids[i] = _connection.Scalar<int>(
                "INSERT INTO relations (name, display, source_type, target_type, directed) " +
                "VALUES ($name, $display, $source, $target, $directed) " +
                "ON CONFLICT (name, display, source_type, target_type) DO UPDATE SET directed = excluded.directed RETURNING id",
                ("$name", relation.Name), ("$display", relation.Display), ("$source", relation.SourceType),
                ("$target", relation.TargetType), ("$directed", relation.Directed ? 1 : 0));
        }

        return Task.FromResult(ids);
    }

    public Task AddEdgesAsync(ReadOnlyMemory<GraphEdge> edges, CancellationToken cancellationToken)
    {
        if (edges.Length > BulkEdgeThreshold && !_rebuildEdgeIndexes)
        {
            _connection.Execute(SqliteSchema.DropEdgeIndexes);
            _rebuildEdgeIndexes = true;
        }

        // Many rows per statement: one sqlite3_step per 64 edges instead of per edge.
        const int RowsPerStatement = 64;
        using var many = new RawStatement(_connection, "INSERT INTO edges (dataset, relation, source, target) VALUES " +
            string.Join(", ", Enumerable.Range(0, RowsPerStatement).Select(r => $"(?{(4 * r) + 1}, ?{(4 * r) + 2}, ?{(4 * r) + 3}, ?{(4 * r) + 4})")));
        using var one = new RawStatement(_connection, "INSERT INTO edges (dataset, relation, source, target) VALUES (?1, ?2, ?3, ?4)");
        var span = edges.Span;
        var i = 0;
        for (; i + RowsPerStatement <= span.Length; i += RowsPerStatement)
        {
            if ((i & 65535) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (var r = 0; r < RowsPerStatement; r++)
            {
                BindEdge(many, 4 * r, span[i + r]);
            }

            many.Run();
        }

        for (; i < span.Length; i++)
        {
            BindEdge(one, 0, span[i]);
            one.Run();
        }

        return Task.CompletedTask;
    }

    private void BindEdge(RawStatement statement, int offset, GraphEdge edge)
    {
        statement.Bind(offset + 1, DatasetId);
        statement.Bind(offset + 2, edge.Relation);
        statement.Bind(offset + 3, edge.Source);
        statement.Bind(offset + 4, edge.Target);
    }

    public Task SetNodeAttributesAsync(IReadOnlyList<NodeAttribute> attributes, CancellationToken cancellationToken)
    {
        using var insert = new RawStatement(
            _connection, "INSERT OR REPLACE INTO node_attributes (dataset, node, name, value) VALUES (?1, ?2, ?3, ?4)");
        foreach (var attribute in attributes)
        {
            insert.Bind(1, DatasetId);
            insert.Bind(2, attribute.Node);
            insert.Bind(3, attribute.Name);
            insert.Bind(4, attribute.Value);
            insert.Run();
        }

        return Task.CompletedTask;
    }

    public Task AddNodeFeaturesAsync(
        string featureSet, string nodeType, int dimension, IReadOnlyList<FeatureVector> vectors,
        CancellationToken cancellationToken)
    {
        var existing = _connection.Scalar<long?>(
            "SELECT dimension FROM feature_sets WHERE dataset = $d AND name = $n AND node_type = $t",
            ("$d", DatasetId), ("$n", featureSet), ("$t", nodeType));
        if (existing is { } d && d != dimension)
        {
            throw new InvalidOperationException(
                $"Feature set '{featureSet}' for {nodeType} nodes already has dimension {d}; refusing vectors of {dimension}.");
        }

        var setId = _connection.Scalar<long>(
            "INSERT INTO feature_sets (dataset, name, node_type, dimension) VALUES ($d, $n, $t, $dim) " +
            "ON CONFLICT (dataset, name, node_type) DO UPDATE SET dimension = excluded.dimension RETURNING id",
            ("$d", DatasetId), ("$n", featureSet), ("$t", nodeType), ("$dim", dimension));
        using var insert = new RawStatement(
            _connection, "INSERT OR REPLACE INTO node_features (feature_set, node, vector) VALUES (?1, ?2, ?3)");
        foreach (var vector in vectors)
        {
            if (vector.Values.Length != dimension)
            {
                throw new ArgumentException($"A vector of length {vector.Values.Length} is not of dimension {dimension}.");
            }

            insert.Bind(1, setId);
            insert.Bind(2, vector.Node);
            insert.Bind(3, VectorBlob.ToBytes(vector.Values));
            insert.Run();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LandmarkGene>> GetLandmarkGenesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(SqliteLandmarks.Read(_connection));

    public Task SetLandmarkGenesAsync(IReadOnlyList<LandmarkGene> genes, CancellationToken cancellationToken)
    {
        SqliteLandmarks.Replace(_connection, DatasetId, genes);
        return Task.CompletedTask;
    }

    public Task AddSignaturesAsync(IReadOnlyList<Signature> signatures, CancellationToken cancellationToken)
    {
        using var insert = new RawStatement(
            _connection,
            "INSERT INTO signatures (dataset, sig_id, kind, drug, cell, dose, dose_unit, time, time_unit, vector) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        foreach (var signature in signatures)
        {
            insert.Bind(1, DatasetId);
            insert.Bind(2, signature.SignatureId);
            insert.Bind(3, signature.Kind.ToString().ToLowerInvariant());
            insert.Bind(4, signature.Drug);
            insert.Bind(5, signature.Cell);
            insert.Bind(6, signature.Dose);
            insert.Bind(7, signature.DoseUnit);
            insert.Bind(8, signature.Time);
            insert.Bind(9, signature.TimeUnit);
            insert.Bind(10, VectorBlob.ToBytes(signature.Values));
            insert.Run();
        }

        return Task.CompletedTask;
    }

    public Task SetCellBaselinesAsync(IReadOnlyList<CellBaseline> baselines, CancellationToken cancellationToken)
    {
        using var insert = new RawStatement(
            _connection, "INSERT OR REPLACE INTO cell_baselines (dataset, cell, vector) VALUES (?1, ?2, ?3)");
        foreach (var baseline in baselines)
        {
            insert.Bind(1, DatasetId);
            insert.Bind(2, baseline.Cell);
            insert.Bind(3, VectorBlob.ToBytes(baseline.Values));
            insert.Run();
        }

        return Task.CompletedTask;
    }

    public Task RecordCompoundMatchesAsync(IReadOnlyList<CompoundMatch> matches, CancellationToken cancellationToken)
    {
        using var insert = new RawStatement(
            _connection, "INSERT OR REPLACE INTO compound_matches (dataset, compound, drug, method) VALUES (?1, ?2, ?3, ?4)");
        foreach (var match in matches)
        {
            insert.Bind(1, DatasetId);
            insert.Bind(2, match.Compound);
            insert.Bind(3, match.Drug);
            insert.Bind(4, match.Method);
            insert.Run();
        }

        return Task.CompletedTask;
    }

    public Task RecordFileAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        _connection.Execute(
            "INSERT OR REPLACE INTO dataset_files (dataset, role, path, sha256, bytes) VALUES ($d, $r, $p, $s, $b)",
            ("$d", DatasetId), ("$r", file.Role), ("$p", file.Path), ("$s", file.Sha256), ("$b", file.Bytes));
        return Task.CompletedTask;
    }

    public Task CommitAsync(string reportJson, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        cancellationToken.ThrowIfCancellationRequested();
        // Nodes that no dataset claims any more go, with anything hanging off them.
        _connection.Execute(
            "DELETE FROM nodes WHERE NOT EXISTS (SELECT 1 FROM node_datasets d WHERE d.node = nodes.id)");
        if (_rebuildEdgeIndexes)
        {
            _connection.Execute(SqliteSchema.CreateEdgeIndexes);
        }

        _connection.Execute(
            "UPDATE datasets SET ingested_at = $now, report = $report WHERE id = $id",
            ("$now", Now()), ("$report", reportJson), ("$id", DatasetId));
        _connection.Execute("COMMIT");
        _finished = true;
        try
        {
            _connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // A reader holding the WAL open only delays the checkpoint; the commit is already durable.
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            try
            {
                _connection.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // SQLite may already have rolled back (e.g. after an I/O error); nothing was committed either way.
            }
        }

        await _connection.DisposeAsync();
    }

    private void RemovePreviousRows()
    {
        var previousEdges = _connection.Scalar<long>("SELECT COUNT(*) FROM edges WHERE dataset = $d", ("$d", DatasetId));
        if (previousEdges > BulkEdgeThreshold)
        {
            _connection.Execute(SqliteSchema.DropEdgeIndexes);
            _rebuildEdgeIndexes = true;
        }

        var id = ("$d", (object?)DatasetId);
        _connection.Execute("DELETE FROM edges WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM node_datasets WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM node_attributes WHERE dataset = $d", id);
        _connection.Execute(
            "DELETE FROM node_features WHERE feature_set IN (SELECT id FROM feature_sets WHERE dataset = $d)", id);
        _connection.Execute("DELETE FROM feature_sets WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM signatures WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM cell_baselines WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM compound_matches WHERE dataset = $d", id);
        _connection.Execute("DELETE FROM dataset_files WHERE dataset = $d", id);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
