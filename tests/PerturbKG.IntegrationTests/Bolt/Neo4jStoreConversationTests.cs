using PerturbKG.Store;
using PerturbKG.Store.Bolt;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Neo4j;
using PerturbKG.Store.Predictions;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>
/// The Neo4j store's conversation with a server that answers by statement name: which files of <c>cypher/</c> it runs,
/// in which order, with which parameters, and inside which transaction. (What Neo4j does with them is the contract
/// suite's job when NEO4J_URI is set.)
/// </summary>
public sealed class Neo4jStoreConversationTests
{
    private static readonly BoltAuth Auth = new("neo4j", "secret-password");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<IReadOnlyList<object?>> Rows(params object?[][] rows) => rows;

    private static Task<Neo4jGraphStore> OpenAsync(AnsweringBoltServer server, int batchSize = 10_000) =>
        Neo4jGraphStore.OpenAsync(new StoreLocation(StoreKind.Neo4j, $"bolt://127.0.0.1:{server.Address.Port}"), Auth, batchSize, Ct);

    [Fact]
    public async Task OpenAsync_RunsEverySchemaStatement_InFileOrder()
    {
        await using var server = new AnsweringBoltServer((_, _) => []);
        await using (await OpenAsync(server))
        {
        }

        var schema = CypherFiles.Statements("schema");
        Assert.True(schema.Count >= 10);
        Assert.Equal(schema, server.Log.Select(l => l.Name));
        Assert.All(schema, s => Assert.False(s.EndsWith(';')));
    }

    [Fact]
    public async Task ListRuns_ReadsWrittenAtAsANeo4jDatetime_OrAsTheTextOlderStoresHold()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.FromHours(1));
        await using var server = new AnsweringBoltServer((name, _) => name switch
        {
            "list-runs" => Rows(
                ["run-2", "gat", "/runs/2", at, true, 10L, 4L, null],
                ["run-1", "gat", "/runs/1", "2026-11-29T08:00:00Z", false, 10L, 4L, "0.8"]),
            _ => [],
        });
        await using var store = await OpenAsync(server);

        var runs = await store.ListRunsAsync(Ct);

        Assert.Equal(at, runs[0].WrittenAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), runs[1].WrittenAt);
        Assert.Equal((true, 4L, "0.8"), (runs[0].IsCurrent, runs[0].Paths, runs[1].Faithfulness));
    }

    [Fact]
    public async Task QueryAsync_TurnsNamesIntoKeys_ThenRunsTheNamedFile()
    {
        await using var server = new AnsweringBoltServer((name, p) => name switch
        {
            "run-ids" => Rows(["run-1", true]),
            "find-node" when (string)p["type"]! == "Drug" => Rows([7L, "Drug", "DB00619", "Imatinib"]),
            "find-node" => Rows([9L, "CellLine", "MCF7", "MCF7"]),
            "top-genes" => Rows([1L, "7157", "TP53", 0.5, 2.0], [2L, "1026", "CDKN1A", -0.25, -1.0]),
            _ => [],
        });
        await using var store = await OpenAsync(server);

        var result = await store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "imatinib", ["cell"] = "mcf7" }, Ct);

        Assert.Equal(["rank", "gene", "symbol", "delta", "zscore"], result.Columns);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("TP53", result.Rows[0][2]);
        var run = server.Log.Single(l => l.Name == "top-genes");
        Assert.Equal("DB00619", run.Parameters["drug"]);
        Assert.Equal("MCF7", run.Parameters["cell"]);
        Assert.Equal("run-1", run.Parameters["run"]);
        Assert.Equal(20L, run.Parameters["limit"]);
        Assert.False(run.InTransaction);
    }

    [Fact]
    public async Task SuggestNodesAsync_RunsSuggestNodes_WithTypeTextAndLimit_AndReadsNodesByName()
    {
        await using var server = new AnsweringBoltServer((name, _) => name switch
        {
            "suggest-nodes" => Rows([7L, "Drug", "DB00619", "Imatinib"], [8L, "Drug", "DB01254", "Dasatinib"]),
            _ => [],
        });
        await using var store = await OpenAsync(server);

        var nodes = await store.SuggestNodesAsync(NodeTypes.Drug, "tinib", 15, Ct);

        Assert.Equal(["DB00619", "DB01254"], nodes.Select(n => n.Key));
        Assert.Equal((7L, "Imatinib"), (nodes[0].Id, nodes[0].Name));
        var run = server.Log.Single(l => l.Name == "suggest-nodes");
        Assert.Equal(("Drug", "tinib", 15L), ((string)run.Parameters["type"]!, (string)run.Parameters["text"]!, (long)run.Parameters["limit"]!));
        Assert.False(run.InTransaction);
    }

    [Fact]
    public async Task QueryAsync_ThrowsNotFoundWithCloseMatches_WhenTheDrugIsUnknown()
    {
        await using var server = new AnsweringBoltServer((name, _) => name switch
        {
            "run-ids" => Rows(["run-1", true]),
            "node-names" => Rows(["DB00619", "Imatinib"], ["DB01254", "Dasatinib"]),
            _ => [],
        });
        await using var store = await OpenAsync(server);

        var error = await Assert.ThrowsAsync<NotFoundException>(() =>
            store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "imatinb", ["cell"] = "MCF7" }, Ct));

        Assert.Contains("Imatinib", error.CloseMatches);
        Assert.DoesNotContain(server.Log, l => l.Name == "top-genes");
    }

    [Fact]
    public async Task WritePredictionsAsync_WritesOneTransaction_WithCellKeysAndReadablePaths()
    {
        await using var server = new AnsweringBoltServer((name, _) => name switch
        {
            "nodes-by-uid" => Rows([1L, "Drug", "DB00619", "Imatinib"], [2L, "CellLine", "MCF7", "MCF7"], [3L, "Gene", "7157", "TP53"], [4L, "Gene", "25", "ABL1"]),
            "delete-run" or "delete-run-explanations" => Rows([0L]),
            "upsert-run" => Rows([true]),
            _ => [],
        });
        await using var store = await OpenAsync(server);
        server.Log.Clear();
        var path = new ExplanationPath(1, 0.8, [new PathHop(1, 4, "target", 0.6f), new PathHop(4, 3, "ppi", 0.3f)]);

        await store.WritePredictionsAsync(new PredictionWrite("run-1", "gat", "/runs/run-1", [new PredictedEffect(1, 2, 3, 0.5f, 2f, 1, [path])]), Ct);

        Assert.Equal(
            ["BEGIN", "nodes-by-uid", "delete-run", "delete-run-explanations", "upsert-run", "write-effects", "write-explanations", "COMMIT"],
            server.Log.Select(l => l.Name));
        Assert.All(server.Log.Skip(1).SkipLast(1), l => Assert.True(l.InTransaction, l.Name));
        var effect = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)server.Log[5].Parameters["rows"]!)[0]!;
        Assert.Equal("MCF7", effect["cell"]);
        Assert.Equal(1L, effect["drug"]);
        var explanation = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)server.Log[6].Parameters["rows"]!)[0]!;
        Assert.Equal(["DB00619", "25", "7157"], ((IReadOnlyList<object?>)explanation["nodes"]!).Cast<string>());
        Assert.Equal("Imatinib (Drug DB00619)", ((IReadOnlyList<object?>)explanation["names"]!)[0]);
    }

    [Fact]
    public async Task DatasetLoad_SendsBatchesOfTheConfiguredSize_AndRollsBackWithoutCommit()
    {
        await using var server = new AnsweringBoltServer((name, p) => name switch
        {
            "begin-dataset" => Rows([3L]),
            "allocate-ids" => Rows([100L]),
            "upsert-nodes" => ((IReadOnlyList<object?>)p["rows"]!).Cast<IReadOnlyDictionary<string, object?>>()
                .Select(r => (IReadOnlyList<object?>)[r["i"], r["uid"], r["name"]]).ToList(),
            "ensure-relation" => Rows([5L]),
            _ => [],
        });
        await using var store = await OpenAsync(server, batchSize: 10);
        server.Log.Clear();

        await using (var load = await store.BeginDatasetAsync("kg", Ct))
        {
            var ids = await load.UpsertNodesAsync(
                Enumerable.Range(0, 12).Select(i => new GraphNode(i == 0 ? "Drug" : "Gene", $"k{i}", $"n{i}", null)).ToList(), Ct);
            Assert.Equal(Enumerable.Range(100, 12).Select(i => (long)i), ids);
            var relation = (await load.EnsureRelationsAsync([new RelationType("drug_protein", "target", "Drug", "Gene", true)], Ct))[0];
            await load.AddEdgesAsync(Enumerable.Range(1, 11).Select(i => new GraphEdge(100, 100 + i, relation)).ToArray(), Ct);
        }

        Assert.Equal(
            ["BEGIN", "begin-dataset", "clear-dataset-edges", "clear-dataset-records", "clear-dataset-claims", "allocate-ids",
             "upsert-nodes", "upsert-nodes", "ensure-relation", "add-edges", "add-edges", "ROLLBACK"],
            server.Log.Select(l => l.Name));
        var edges = server.Log.Where(l => l.Name == "add-edges").ToList();
        Assert.Equal([10, 1], edges.Select(e => ((IReadOnlyList<object?>)e.Parameters["rows"]!).Count));
        Assert.All(edges, e => Assert.Equal(3L, e.Parameters["dataset"]));
        var first = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)edges[0].Parameters["rows"]!)[0]!;
        Assert.Equal("DRUG_PROTEIN", first["type"]);
    }
}
