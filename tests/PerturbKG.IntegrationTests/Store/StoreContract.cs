using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;
using PerturbKG.Store.Signatures;
using static PerturbKG.IntegrationTests.Store.ContractDataset;

namespace PerturbKG.IntegrationTests.Store;

/// <summary>
/// What every graph store must do, in the terms of <see cref="IGraphStore"/>. Runs on the embedded store in CI and on
/// Neo4j when NEO4J_URI is set; a new store passes these before it is wired in.
/// </summary>
public abstract class StoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store with nothing in it.</summary>
    protected abstract Task<IGraphStore> OpenEmptyAsync();

    [Fact]
    public async Task Commit_MakesTheWholeDatasetVisible()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        await data.LoadSignaturesAsync(store, Ct);

        var summary = await store.GetSummaryAsync(Ct);
        Assert.Equal(2, summary.NodesByType[NodeTypes.Drug]);
        Assert.Equal(3, summary.NodesByType[NodeTypes.Gene]);
        Assert.Equal(1, summary.NodesByType[NodeTypes.CellLine]);
        Assert.Equal(1, summary.NodesByType[NodeTypes.Disease]);
        Assert.Equal(2, summary.EdgesByRelation["drug_protein"]);
        Assert.Equal(2, summary.EdgesByRelation["protein_protein"]);
        Assert.Equal(1, summary.EdgesByRelation["indication"]);
        Assert.Equal((2, 1, 3), (summary.Signatures, summary.CellBaselines, summary.LandmarkGenes));
        var features = Assert.Single(summary.FeatureSets);
        Assert.Equal(("fingerprint", NodeTypes.Drug, 4, 2L), (features.Name, features.NodeType, features.Dimension, features.Vectors));
        Assert.Equal(["kg", "lincs"], summary.Datasets.Select(d => d.Name));
        Assert.Equal(new DatasetFile("kg", "/data/kg.csv", new string('a', 64), 1234), Assert.Single(summary.Datasets[0].Files));

        var set = await store.LoadSignaturesAsync(new SignatureQuery(["lincs"], SignatureKind.Level5), Ct);
        Assert.Equal([Abl1.Key, Tp53.Key, Cdkn1a.Key], set.Landmarks.Select(l => l.EntrezId));
        Assert.Equal(["SIG-1", "SIG-2"], set.Signatures.Select(s => s.SignatureId));
        var first = set.Signatures[0];
        Assert.Equal((data.Ids[Imatinib.Key], data.Ids[Mcf7.Key], "lincs"), (first.Drug, first.Cell, first.Dataset));
        Assert.Equal((10.0, "uM", 24.0, "h"), (first.Dose, first.DoseUnit, first.Time, first.TimeUnit));
        Assert.Equal(Sig1, first.Values);
        Assert.Equal(Basal, set.CellBaselines[data.Ids[Mcf7.Key]]);
        Assert.Empty((await store.LoadSignaturesAsync(new SignatureQuery(["kg"]), Ct)).Signatures);
    }

    [Fact]
    public async Task Dispose_WithoutCommit_LeavesThePreviousStateUnchanged()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        var before = await store.GetSummaryAsync(Ct);

        await using (var load = await store.BeginDatasetAsync("kg", Ct))
        {
            await load.UpsertNodesAsync([new GraphNode(NodeTypes.Drug, "DB99999", "Halfloaded", null)], Ct);
            await load.AddEdgesAsync(Array.Empty<GraphEdge>(), Ct);
        }

        var after = await store.GetSummaryAsync(Ct);
        Assert.Equal(before.NodesByType, after.NodesByType);
        Assert.Equal(before.EdgesByRelation, after.EdgesByRelation);
        Assert.Equal(before.FeatureSets, after.FeatureSets);
        await Assert.ThrowsAsync<NotFoundException>(() => store.FindNodeAsync(NodeTypes.Drug, "DB99999", Ct));
        Assert.Equal("Dasatinib", (await store.FindNodeAsync(NodeTypes.Drug, "DB01254", Ct)).Name);
    }

    [Fact]
    public async Task SuggestNodes_FindsPartOfAKeyOrName_InAnyCase_ExactMatchesFirst()
    {
        await using var store = await OpenEmptyAsync();
        await new ContractDataset().LoadGraphAsync(store, full: true, Ct);

        var part = await store.SuggestNodesAsync(NodeTypes.Drug, "TINIB", 10, Ct);
        var exactKey = await store.SuggestNodesAsync(NodeTypes.Drug, "db01254", 10, Ct);
        var exactName = await store.SuggestNodesAsync(NodeTypes.Drug, "dasatinib", 10, Ct);
        var limited = await store.SuggestNodesAsync(NodeTypes.Drug, "tinib", 1, Ct);
        var wildcard = await store.SuggestNodesAsync(NodeTypes.Drug, "%", 10, Ct);
        var otherType = await store.SuggestNodesAsync(NodeTypes.Gene, "tinib", 10, Ct);

        Assert.Equal(["Imatinib", "Dasatinib"], part.Select(n => n.Name)); // both hold it; the shorter name first
        Assert.Equal("Dasatinib", exactKey[0].Name);
        Assert.Equal(["Dasatinib"], exactName.Select(n => n.Name));
        Assert.Single(limited);
        Assert.Empty(wildcard);
        Assert.Empty(otherType);
    }

    [Fact]
    public async Task Reload_ReplacesTheDatasetsRows_AndSweepsNodesNoDatasetClaims()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        await data.LoadSignaturesAsync(store, Ct);

        await data.LoadGraphAsync(store, full: false, Ct);

        var summary = await store.GetSummaryAsync(Ct);
        Assert.Equal(1, summary.NodesByType[NodeTypes.Drug]);
        Assert.False(summary.NodesByType.ContainsKey(NodeTypes.Disease));
        Assert.Equal(1, summary.EdgesByRelation["drug_protein"]);
        Assert.False(summary.EdgesByRelation.ContainsKey("indication"));
        Assert.Equal(1, Assert.Single(summary.FeatureSets).Vectors);
        Assert.Equal(2, summary.Signatures);
        await Assert.ThrowsAsync<NotFoundException>(() => store.FindNodeAsync(NodeTypes.Drug, "Dasatinib", Ct));
        Assert.Equal(data.Ids[Imatinib.Key], (await store.FindNodeAsync(NodeTypes.Drug, "imatinib", Ct)).Id);
    }

    [Fact]
    public async Task DatasetLoad_SeesNodesAndAttributesOfEarlierDatasets()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);

        await using var load = await store.BeginDatasetAsync("lincs", Ct);
        var drugs = await load.FindNodesAsync(NodeTypes.Drug, Ct);
        Assert.Equal(new[] { Imatinib.Key, Dasatinib.Key }.Order(), drugs.Select(d => d.Key).Order());
        var smiles = await load.FindNodeAttributeAsync(NodeTypes.Drug, "smiles", Ct);
        Assert.StartsWith("Cc1ccc", smiles[data.Ids[Imatinib.Key]]);
        Assert.Empty(await load.FindNodeAttributeAsync(NodeTypes.Gene, "smiles", Ct));
        Assert.Empty(await load.GetLandmarkGenesAsync(Ct));
    }

    [Fact]
    public async Task ExtractSubgraph_FollowsHops_AndCarriesFeaturesAndSmiles()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        var anchors = new[] { data.Ids[Imatinib.Key] };

        var one = await store.ExtractSubgraphAsync(new SubgraphRequest(anchors, Hops: 1), Ct);
        Assert.Equal(new[] { Abl1.Key, Imatinib.Key, Leukemia.Key }.Order(), one.Nodes.Select(n => n.Key).Order());
        Assert.Equal(2, one.Edges.Count);

        var two = await store.ExtractSubgraphAsync(new SubgraphRequest(anchors, Hops: 2), Ct);
        Assert.Equal(new[] { Abl1.Key, Imatinib.Key, Dasatinib.Key, Tp53.Key, Leukemia.Key }.Order(), two.Nodes.Select(n => n.Key).Order());
        Assert.Equal(4, two.Edges.Count);
        Assert.Equal(["drug_protein", "indication", "protein_protein"], two.Relations.Select(r => r.Type.Name).Order());
        var fingerprints = Assert.Single(two.Features);
        Assert.Equal([0f, 1f, 0.5f, 0.75f], fingerprints.Vectors[data.Ids[Dasatinib.Key]]);
        Assert.Equal([data.Ids[Imatinib.Key]], two.Smiles.Keys);

        var capped = await store.ExtractSubgraphAsync(new SubgraphRequest(anchors, Hops: 3, MaxNeighbours: 1, Seed: 7), Ct);
        var again = await store.ExtractSubgraphAsync(new SubgraphRequest(anchors, Hops: 3, MaxNeighbours: 1, Seed: 7), Ct);
        Assert.True(capped.Edges.Count < 5);
        Assert.Equal(capped.Edges, again.Edges);
    }

    [Fact]
    public async Task WritePredictions_ThenNamedQueries_AnswerFromTheCurrentRun()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        await data.LoadSignaturesAsync(store, Ct);
        await store.WritePredictionsAsync(Predictions(data, "run-a", 1f), Ct);

        var top = await store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "imatinib", ["cell"] = "mcf7" }, Ct);
        Assert.Equal([Tp53.Name, Abl1.Name, Cdkn1a.Name], top.Rows.Select(r => (string)r[2]!));
        Assert.Equal(-0.9, Convert.ToDouble(top.Rows[0][3]), 5);

        var up = await store.QueryAsync("drugs-for-gene", new Dictionary<string, string> { ["gene"] = "ABL1", ["cell"] = "MCF7", ["direction"] = "up" }, Ct);
        Assert.Equal([Dasatinib.Key, Imatinib.Key], up.Rows.Select(r => (string)r[0]!));

        var similar = await store.QueryAsync("similar-drugs", new Dictionary<string, string> { ["drug"] = "DB00619" }, Ct);
        var row = Assert.Single(similar.Rows);
        Assert.Equal(Dasatinib.Key, row[0]);
        Assert.InRange(Convert.ToDouble(row[2]), 0.5, 1.0);
        Assert.Equal(3L, Convert.ToInt64(row[3]));

        var explain = await store.QueryAsync("explain", new Dictionary<string, string> { ["drug"] = "Imatinib", ["cell"] = "MCF7", ["gene"] = "TP53" }, Ct);
        var path = (string)Assert.Single(explain.Rows)[2]!;
        Assert.Contains("Imatinib", path);
        Assert.Contains("ABL1", path);
        Assert.Contains("protein_protein", path);

        var observed = await store.QueryAsync("predicted-vs-observed", new Dictionary<string, string> { ["signature"] = "SIG-1" }, Ct);
        Assert.Equal(3, observed.Rows.Count);
        Assert.Equal(Sig1[1], Convert.ToDouble(observed.Rows.Single(r => (string)r[0]! == Tp53.Key)[3]), 5);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() =>
            store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "imatinb", ["cell"] = "MCF7" }, Ct));
        Assert.Contains("Imatinib", missing.CloseMatches);
    }

    [Fact]
    public async Task Runs_FirstIsCurrent_PromoteSwitches_PruneKeepsOnlyTheCurrent()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        await data.LoadSignaturesAsync(store, Ct);
        await store.WritePredictionsAsync(Predictions(data, "run-a", 1f), Ct);
        await store.WritePredictionsAsync(Predictions(data, "run-b", 2f), Ct);
        await store.WritePredictionsAsync(Predictions(data, "run-b", 2f), Ct);

        var runs = await store.ListRunsAsync(Ct);
        Assert.Equal(["run-a"], runs.Where(r => r.IsCurrent).Select(r => r.Id));
        Assert.All(runs, r => Assert.Equal((6L, 1L), (r.Effects, r.Paths)));

        await store.PromoteRunAsync("run-b", Ct);
        var top = await store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "DB00619", ["cell"] = "MCF7" }, Ct);
        Assert.Equal(-1.8, Convert.ToDouble(top.Rows[0][3]), 5);
        await Assert.ThrowsAsync<NotFoundException>(() => store.PromoteRunAsync("run-c", Ct));

        Assert.Equal(["run-a"], await store.PruneRunsAsync(Ct));
        Assert.Equal(["run-b"], (await store.ListRunsAsync(Ct)).Select(r => r.Id));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = "DB00619", ["cell"] = "MCF7", ["run"] = "run-a" }, Ct));
    }

    [Fact]
    public async Task SetLandmarkGenes_RefusesAnotherOrder_WhenAnotherDatasetsVectorsFollowIt()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);
        await data.LoadSignaturesAsync(store, Ct);

        await using var load = await store.BeginDatasetAsync("other", Ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => load.SetLandmarkGenesAsync(
            [new(0, Tp53.Key, Tp53.Name, data.Ids[Tp53.Key]), new(1, Abl1.Key, Abl1.Name, data.Ids[Abl1.Key])], Ct));
        Assert.Contains("landmark genes differ", error.Message);
    }

    [Fact]
    public async Task AddNodeFeatures_RefusesAnotherDimension_ForTheSameSet()
    {
        await using var store = await OpenEmptyAsync();
        var data = new ContractDataset();
        await data.LoadGraphAsync(store, full: true, Ct);

        await using var load = await store.BeginDatasetAsync("features", Ct);
        await load.AddNodeFeaturesAsync("embedding", NodeTypes.Drug, 2, [new FeatureVector(data.Ids[Imatinib.Key], [1f, 2f])], Ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            load.AddNodeFeaturesAsync("embedding", NodeTypes.Drug, 3, [new FeatureVector(data.Ids[Dasatinib.Key], [1f, 2f, 3f])], Ct));
        Assert.Contains("dimension 2", error.Message);
    }

    // Imatinib and dasatinib in MCF7 on the three landmark genes; TP53 is imatinib's strongest effect. One path explains it.
    private static PredictionWrite Predictions(ContractDataset data, string run, float scale)
    {
        long Id(GraphNode node) => data.Ids[node.Key];
        var cell = Id(Mcf7);
        var path = new ExplanationPath(1, 0.7, [new PathHop(Id(Imatinib), Id(Abl1), "drug_protein", 0.8f), new PathHop(Id(Abl1), Id(Tp53), "protein_protein", 0.4f)]);
        return new PredictionWrite(run, "gat", $"/runs/{run}",
        [
            new PredictedEffect(Id(Imatinib), cell, Id(Tp53), -0.9f * scale, -2f, 1, [path]),
            new PredictedEffect(Id(Imatinib), cell, Id(Abl1), 0.5f * scale, 1f, 2, []),
            new PredictedEffect(Id(Imatinib), cell, Id(Cdkn1a), 0.1f * scale, 0.2f, 3, []),
            new PredictedEffect(Id(Dasatinib), cell, Id(Abl1), 0.7f * scale, 1.5f, 1, []),
            new PredictedEffect(Id(Dasatinib), cell, Id(Tp53), -0.6f * scale, -1f, 2, []),
            new PredictedEffect(Id(Dasatinib), cell, Id(Cdkn1a), 0.05f * scale, 0.1f, 3, []),
        ]);
    }
}
