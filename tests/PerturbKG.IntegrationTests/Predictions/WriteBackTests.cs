using System.Text.Json;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store.Predictions;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Predictions;

/// <summary>Predicted effects and attention paths written back into a real SQLite store by a real training run.</summary>
public sealed class WriteBackTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void WriteBack_StoresTheTopGenesOfEveryObservedPair_RankedByAbsoluteDelta()
    {
        var pairs = fixture.Store.Count("SELECT COUNT(*) FROM (SELECT DISTINCT drug, cell FROM signatures)");
        var written = fixture.Result.WriteBack!;

        Assert.Equal(pairs, written.Pairs);
        Assert.Equal(pairs * fixture.WriteBack.TopGenes, fixture.Store.Count("SELECT COUNT(*) FROM predicted_effects WHERE run = 'r1'"));
        Assert.Equal(written.Effects, fixture.Store.Count("SELECT COUNT(*) FROM predicted_effects"));
        Assert.Equal(written.Paths, fixture.Store.Count("SELECT COUNT(*) FROM explanation_paths"));
        Assert.True(written.Paths > 0);
        Assert.Equal(0, fixture.Store.Count("SELECT COUNT(*) FROM (SELECT drug, cell, gene, COUNT(*) c FROM explanation_paths GROUP BY drug, cell, gene) WHERE c > 2"));
        // Ranks 1..k per pair, and |delta| never increases with rank.
        Assert.Equal(0, fixture.Store.Count(
            "SELECT COUNT(*) FROM (SELECT drug, cell, MIN(rank) lo, MAX(rank) hi, COUNT(*) n FROM predicted_effects GROUP BY drug, cell) WHERE lo <> 1 OR hi <> 10 OR n <> 10"));
        Assert.Equal(0, fixture.Store.Count(
            "SELECT COUNT(*) FROM predicted_effects a JOIN predicted_effects b ON a.run = b.run AND a.drug = b.drug AND a.cell = b.cell AND b.rank = a.rank + 1 WHERE abs(b.delta) > abs(a.delta) + 1e-6"));
    }

    [Fact]
    public async Task WriteBack_Again_ReplacesTheRunsRows_WithIdenticalContent()
    {
        var before = Effects();
        await using var store = SqliteGraphStore.Open(fixture.Store.Path);
        var run = await TrainedRun.LoadAsync(store, fixture.RunDirectory, Ct);

        var again = await WriteBack.RunAsync(store, run, fixture.WriteBack with { FaithfulnessEffects = 0 }, Ct);

        Assert.Equal(fixture.Result.WriteBack!.Effects, again.Effects);
        Assert.Equal(before, Effects());
        Assert.Single(await store.ListRunsAsync(Ct));
    }

    [Fact]
    public async Task WriteBack_WritesNothing_AndSaysWhy_WhenTheModelPredictsNonFiniteValues()
    {
        var before = Effects();
        await using var store = SqliteGraphStore.Open(fixture.Store.Path);
        var run = await TrainedRun.LoadAsync(store, fixture.RunDirectory, Ct);
        using (TorchSharp.torch.no_grad())
        {
            foreach (var parameter in run.Model.parameters())
            {
                parameter.fill_(float.NaN); // a diverged training
            }
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteBack.RunAsync(store, run, fixture.WriteBack with { FaithfulnessEffects = 0 }, Ct));

        Assert.Contains("non-finite values", failure.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written back", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, Effects());
    }

    [Fact]
    public void ExplanationPaths_AreRealKgPaths_FromTheDrugToTheGene()
    {
        var paths = fixture.Store.Query("SELECT drug, gene, nodes, relations FROM explanation_paths", r =>
            (Drug: r.GetInt64(0), Gene: r.GetInt64(1), Nodes: JsonSerializer.Deserialize<long[]>(r.GetString(2))!, Relations: JsonSerializer.Deserialize<string[]>(r.GetString(3))!));
        var edges = fixture.Store.Query("SELECT e.source, e.target, r.name FROM edges e JOIN relations r ON r.id = e.relation", r => (r.GetInt64(0), r.GetInt64(1), r.GetString(2)))
            .SelectMany(e => new[] { e, (e.Item2, e.Item1, e.Item3) })
            .ToHashSet();

        Assert.NotEmpty(paths);
        Assert.All(paths, p =>
        {
            Assert.Equal(p.Drug, p.Nodes[0]);
            Assert.Equal(p.Gene, p.Nodes[^1]);
            Assert.Equal(p.Nodes.Length - 1, p.Relations.Length);
            for (var i = 0; i < p.Relations.Length; i++)
            {
                Assert.Contains((p.Nodes[i], p.Nodes[i + 1], p.Relations[i]), edges);
            }
        });
    }

    [Fact]
    public void Faithfulness_IsMeasuredAndReported()
    {
        var f = fixture.Result.WriteBack!.Faithfulness!;

        Assert.InRange(f.Effects, 1, 5);
        Assert.True(double.IsFinite(f.TopPathDrop) && double.IsFinite(f.RandomPathDrop));
        Assert.InRange(f.ShareTopLarger, 0, 1);
        Assert.Contains("explanation faithfulness", File.ReadAllText(fixture.Result.Artifacts.Report), StringComparison.Ordinal);
        using var metrics = JsonDocument.Parse(File.ReadAllText(fixture.Result.Artifacts.Metrics));
        Assert.Equal(f.Effects, metrics.RootElement.GetProperty("writeBack").GetProperty("faithfulness").GetProperty("effects").GetInt32());
    }

    [Fact]
    public async Task Promote_MakesQueriesUseAnotherRun_AndPrune_RemovesTheRest()
    {
        using var dir = new TempDirectory();
        File.Copy(fixture.Store.Path, dir.File("copy.db"));
        await using var store = SqliteGraphStore.Open(dir.File("copy.db"));
        var copy = new StoreFile(dir.File("copy.db"));
        var pair = copy.Query("SELECT d.key, c.key FROM predicted_effects e JOIN nodes d ON d.id = e.drug JOIN nodes c ON c.id = e.cell LIMIT 1", r => (r.GetString(0), r.GetString(1)))[0];
        var parameters = new Dictionary<string, string> { ["drug"] = pair.Item1, ["cell"] = pair.Item2 };
        // A second run: the same effects with every delta doubled.
        var effects = copy.Query("SELECT drug, cell, gene, delta, zscore, rank FROM predicted_effects", r =>
            new PredictedEffect(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), 2 * r.GetFloat(3), r.GetFloat(4), r.GetInt32(5), []));
        await store.WritePredictionsAsync(new PredictionWrite("r2", "gat", dir.Path, effects), Ct);

        var current = await store.QueryAsync("top-genes", parameters, Ct);
        await store.PromoteRunAsync("r2", Ct);
        var promoted = await store.QueryAsync("top-genes", parameters, Ct);
        var pruned = await store.PruneRunsAsync(Ct);

        Assert.Equal(2 * Convert.ToDouble(current.Rows[0][3]), Convert.ToDouble(promoted.Rows[0][3]), 5);
        Assert.Equal(["r1"], pruned);
        Assert.Equal("r2", Assert.Single(await store.ListRunsAsync(Ct)).Id);
        Assert.Equal(0, copy.Count("SELECT COUNT(*) FROM predicted_effects WHERE run = 'r1'"));
        Assert.Equal(0, copy.Count("SELECT COUNT(*) FROM explanation_paths WHERE run = 'r1'"));
        var error = await Assert.ThrowsAsync<NotFoundException>(() => store.PromoteRunAsync("r3", Ct));
        Assert.Contains("r2", error.CloseMatches);
    }

    private List<string> Effects() => fixture.Store.Query(
        "SELECT run, drug, cell, gene, delta, zscore, rank FROM predicted_effects ORDER BY run, drug, cell, gene",
        r => string.Join('|', Enumerable.Range(0, 7).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
}
