using PerturbKG.Store.Bolt;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// A dataset load inside one Neo4j write transaction: the dataset's previous edges, records and node claims are
/// removed first, the new ones written in <c>UNWIND</c> batches, and unclaimed nodes swept at commit. Readers see the
/// previous state until COMMIT; disposing without committing rolls everything back. For PrimeKG-scale graphs the
/// transaction state is large: <c>perturbkg export-neo4j</c> with <c>neo4j-admin database import</c> is the fast path.
/// </summary>
internal sealed class Neo4jDatasetLoad : IDatasetLoad
{
    private readonly BoltDriver _driver;
    private readonly CypherSession _session;
    private readonly int _batchSize;
    private readonly Dictionary<int, string> _relationTypes = [];
    private bool _finished;

    private Neo4jDatasetLoad(BoltDriver driver, BoltConnection connection, long datasetId, int batchSize)
    {
        _driver = driver;
        _session = new CypherSession(connection);
        DatasetId = datasetId;
        _batchSize = batchSize;
    }

    public long DatasetId { get; }

    public int NamesKept { get; private set; }

    private Dictionary<string, object?> Dataset => new() { ["dataset"] = DatasetId };

    public static async Task<Neo4jDatasetLoad> BeginAsync(
        BoltDriver driver, BoltConnection connection, string name, int batchSize, CancellationToken ct)
    {
        await connection.BeginAsync(ct);
        var session = new CypherSession(connection);
        var records = await session.RunAsync("begin-dataset", new Dictionary<string, object?> { ["name"] = name }, ct);
        var load = new Neo4jDatasetLoad(driver, connection, records[0].Long("id"), batchSize);
        foreach (var file in new[] { "clear-dataset-edges", "clear-dataset-records", "clear-dataset-claims" })
        {
            await session.RunAsync(file, load.Dataset, ct);
        }

        return load;
    }

    public async Task<IReadOnlyList<StoredNode>> FindNodesAsync(string nodeType, CancellationToken cancellationToken)
    {
        var nodes = new List<StoredNode>();
        await _session.StreamAsync(
            "find-nodes", new Dictionary<string, object?> { ["type"] = nodeType }, r => nodes.Add(Neo4jNodes.Read(r)), cancellationToken);
        return nodes;
    }

    public async Task<IReadOnlyDictionary<long, string>> FindNodeAttributeAsync(
        string nodeType, string attribute, CancellationToken cancellationToken)
    {
        var values = new Dictionary<long, string>();
        await _session.StreamAsync(
            "find-node-attribute", new Dictionary<string, object?> { ["type"] = nodeType, ["name"] = attribute },
            r => values[r.Long("node")] = r.Text("value"), cancellationToken);
        return values;
    }

    public async Task<long[]> UpsertNodesAsync(IReadOnlyList<GraphNode> nodes, CancellationToken cancellationToken)
    {
        var ids = new long[nodes.Count];
        if (nodes.Count == 0)
        {
            return ids;
        }

        // Reserve one uid per row; rows that find their node already stored leave their uid unused.
        var first = await AllocateAsync("node", nodes.Count, cancellationToken);
        for (var start = 0; start < nodes.Count; start += _batchSize)
        {
            var rows = new List<object?>();
            for (var i = start; i < Math.Min(nodes.Count, start + _batchSize); i++)
            {
                var n = nodes[i];
                rows.Add(new Dictionary<string, object?>
                {
                    ["i"] = i, ["uid"] = first + i, ["type"] = n.Type, ["key"] = n.Key, ["name"] = n.Name, ["source"] = n.Source,
                });
            }

            var records = await _session.RunAsync("upsert-nodes", new Dictionary<string, object?>(Dataset) { ["rows"] = rows }, cancellationToken);
            foreach (var record in records)
            {
                var i = record.Int("i");
                ids[i] = record.Long("uid");
                if (record.Text("name") != nodes[i].Name)
                {
                    NamesKept++;
                }
            }
        }

        return ids;
    }

    public Task ClaimNodesAsync(IReadOnlyCollection<long> nodeIds, CancellationToken cancellationToken) =>
        RunChunksAsync("claim-nodes", "uids", nodeIds.ToList(), id => id, cancellationToken);

    public async Task<int[]> EnsureRelationsAsync(IReadOnlyList<RelationType> relations, CancellationToken cancellationToken)
    {
        var ids = new int[relations.Count];
        for (var i = 0; i < relations.Count; i++)
        {
            var r = relations[i];
            var records = await _session.RunAsync("ensure-relation", new Dictionary<string, object?>
            {
                ["name"] = r.Name, ["display"] = r.Display, ["sourceType"] = r.SourceType, ["targetType"] = r.TargetType, ["directed"] = r.Directed,
            }, cancellationToken);
            ids[i] = records[0].Int("id");
            _relationTypes[ids[i]] = RelationshipType(r.Name);
        }

        return ids;
    }

    public async Task AddEdgesAsync(ReadOnlyMemory<GraphEdge> edges, CancellationToken cancellationToken)
    {
        // The loader's edge arrays hold millions of edges: batch straight from the array behind the memory, no copy.
        IReadOnlyList<GraphEdge> all = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(edges, out var segment) ? segment : edges.ToArray();
        if (all.Any(e => !_relationTypes.ContainsKey(e.Relation)))
        {
            var stored = await _session.RunAsync("relations", null, cancellationToken);
            foreach (var r in stored)
            {
                _relationTypes[r.Int("id")] = RelationshipType(r.Text("name"));
            }
        }

        await _session.RunBatchesAsync("add-edges", all, _batchSize, e => new Dictionary<string, object?>
        {
            ["source"] = e.Source, ["target"] = e.Target, ["relation"] = e.Relation,
            ["type"] = _relationTypes.TryGetValue(e.Relation, out var type)
                ? type : throw new ArgumentException($"Relation id {e.Relation} is not in the store."),
        }, Dataset, cancellationToken);
    }

    public Task SetNodeAttributesAsync(IReadOnlyList<NodeAttribute> attributes, CancellationToken cancellationToken) =>
        _session.RunBatchesAsync("set-attributes", attributes, _batchSize, a => new Dictionary<string, object?>
        {
            ["node"] = a.Node, ["name"] = a.Name, ["value"] = a.Value,
        }, Dataset, cancellationToken);

    public async Task AddNodeFeaturesAsync(
        string featureSet, string nodeType, int dimension, IReadOnlyList<FeatureVector> vectors, CancellationToken cancellationToken)
    {
        if (vectors.FirstOrDefault(v => v.Values.Length != dimension) is { } wrong)
        {
            throw new ArgumentException($"A vector of length {wrong.Values.Length} is not of dimension {dimension}.");
        }

        var set = new Dictionary<string, object?>(Dataset) { ["name"] = featureSet, ["nodeType"] = nodeType, ["dimension"] = dimension };
        var stored = (await _session.RunAsync("upsert-feature-set", set, cancellationToken))[0];
        if (stored["before"] is not null && stored.Int("before") != dimension)
        {
            throw new InvalidOperationException(
                $"Feature set '{featureSet}' for {nodeType} nodes already has dimension {stored.Int("before")}; refusing vectors of {dimension}.");
        }

        await _session.RunBatchesAsync("add-features", vectors, Math.Max(1, _batchSize / 10), v => new Dictionary<string, object?>
        {
            ["node"] = v.Node, ["values"] = v.Values,
        }, new Dictionary<string, object?>(Dataset) { ["set"] = featureSet, ["nodeType"] = nodeType }, cancellationToken);
    }

    public Task<IReadOnlyList<LandmarkGene>> GetLandmarkGenesAsync(CancellationToken cancellationToken) =>
        Neo4jSignatures.LandmarksAsync(_session, cancellationToken);

    public async Task SetLandmarkGenesAsync(IReadOnlyList<LandmarkGene> genes, CancellationToken cancellationToken)
    {
        var current = await GetLandmarkGenesAsync(cancellationToken);
        var sameOrder = current.Count == genes.Count &&
            current.Zip(genes).All(p => p.First.Position == p.Second.Position && p.First.EntrezId == p.Second.EntrezId);
        if (current.Count > 0 && !sameOrder &&
            (await _session.RunAsync("landmark-users", Dataset, cancellationToken))[0].Long("vectors") > 0)
        {
            throw new InvalidOperationException(
                "This dataset's landmark genes differ from the store's, which other datasets' vectors are ordered by. " +
                "Load it into a new store, or re-ingest those datasets with the same gene information.");
        }

        await _session.RunAsync("clear-landmarks", null, cancellationToken);
        await _session.RunBatchesAsync("add-landmarks", genes, _batchSize, g => new Dictionary<string, object?>
        {
            ["position"] = g.Position, ["entrez"] = g.EntrezId, ["symbol"] = g.Symbol, ["node"] = g.Node,
        }, Dataset, cancellationToken);
    }

    public async Task AddSignaturesAsync(IReadOnlyList<Signature> signatures, CancellationToken cancellationToken)
    {
        if (signatures.Count == 0)
        {
            return;
        }

        var first = await AllocateAsync("signature", signatures.Count, cancellationToken);
        var numbered = signatures.Select((s, i) => (Signature: s, Id: first + i)).ToList();
        await _session.RunBatchesAsync("add-signatures", numbered, Math.Max(1, _batchSize / 10), x => new Dictionary<string, object?>
        {
            ["id"] = x.Id, ["sigId"] = x.Signature.SignatureId, ["kind"] = x.Signature.Kind.ToString().ToLowerInvariant(),
            ["drug"] = x.Signature.Drug, ["cell"] = x.Signature.Cell, ["dose"] = x.Signature.Dose, ["doseUnit"] = x.Signature.DoseUnit,
            ["time"] = x.Signature.Time, ["timeUnit"] = x.Signature.TimeUnit, ["values"] = x.Signature.Values,
        }, Dataset, cancellationToken);
    }

    public Task SetCellBaselinesAsync(IReadOnlyList<CellBaseline> baselines, CancellationToken cancellationToken) =>
        _session.RunBatchesAsync("set-baselines", baselines, Math.Max(1, _batchSize / 10), b => new Dictionary<string, object?>
        {
            ["cell"] = b.Cell, ["values"] = b.Values,
        }, Dataset, cancellationToken);

    public Task RecordCompoundMatchesAsync(IReadOnlyList<CompoundMatch> matches, CancellationToken cancellationToken) =>
        _session.RunBatchesAsync("record-matches", matches, _batchSize, m => new Dictionary<string, object?>
        {
            ["compound"] = m.Compound, ["drug"] = m.Drug, ["method"] = m.Method,
        }, Dataset, cancellationToken);

    public Task RecordFileAsync(DatasetFile file, CancellationToken cancellationToken) =>
        _session.RunAsync("record-file", new Dictionary<string, object?>(Dataset)
        {
            ["role"] = file.Role, ["path"] = file.Path, ["sha256"] = file.Sha256, ["bytes"] = file.Bytes,
        }, cancellationToken);

    public async Task CommitAsync(string reportJson, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        cancellationToken.ThrowIfCancellationRequested();
        await _session.RunAsync("sweep-nodes", null, cancellationToken);
        await _session.RunAsync("commit-dataset", new Dictionary<string, object?>(Dataset) { ["report"] = reportJson }, cancellationToken);
        await _session.Connection.CommitAsync(cancellationToken);
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished && _session.Connection.IsOpen)
        {
            _finished = true;
            try
            {
                await _session.Connection.RollbackAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is BoltException or IOException)
            {
                // A failed statement already reset the connection, which ended the transaction; nothing was committed.
            }
        }

        await _driver.ReleaseAsync(_session.Connection);
    }

    /// <summary>The relationship type of a relation: its name in upper case, e.g. drug_protein → DRUG_PROTEIN.</summary>
    internal static string RelationshipType(string relation) => relation.ToUpperInvariant().Replace(' ', '_').Replace('-', '_');

    private async Task<long> AllocateAsync(string counter, int count, CancellationToken ct) =>
        (await _session.RunAsync("allocate-ids", new Dictionary<string, object?> { ["counter"] = counter, ["count"] = count }, ct))[0].Long("first");

    private async Task RunChunksAsync<T>(string file, string parameter, IReadOnlyList<T> items, Func<T, object?> item, CancellationToken ct)
    {
        for (var start = 0; start < items.Count; start += _batchSize)
        {
            var chunk = items.Skip(start).Take(_batchSize).Select(item).ToList();
            await _session.RunAsync(file, new Dictionary<string, object?>(Dataset) { [parameter] = chunk }, ct);
        }
    }
}
