using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Training;

public sealed class TrainingDataLoaderTests
{
    [Fact]
    public async Task Load_TurnsAStoreIntoPairsAndTypedBlocks_WithFeaturesFromTheStore()
    {
        using var dir = new TempDirectory();
        var generated = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Tiny, 8);
        var store = new StoreFile(dir.File("s.db"));
        var report = await store.IngestAsync(generated.Ingest);
        await using var sqlite = SqliteGraphStore.Open(store.Path);

        var data = await TrainingDataLoader.LoadAsync(sqlite, new TrainingDataOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(["Drug", "CellLine", "Gene"], data.Graph.Blocks.Take(3).Select(b => b.Type));
        Assert.Equal(2048 + 64, data.Graph.Block("Drug")!.Features!.Cols); // ECFP4 ‖ the 'structure' embedding
        Assert.Equal(978, data.Graph.Block("CellLine")!.Features!.Cols);     // basal expression
        Assert.Equal(978, data.Graph.Landmarks.Length);
        var distinctPairs = store.Count("SELECT COUNT(*) FROM (SELECT DISTINCT drug, cell FROM signatures)");
        Assert.Equal(distinctPairs, data.Pairs.Count);
        Assert.Equal(report.StoreAfter.Edges, data.Graph.Stored.Count);
        Assert.All(data.Pairs, p => Assert.Equal(978, p.Delta.Length));
        Assert.All(data.Scaffolds, s => Assert.False(string.IsNullOrEmpty(s)));
        Assert.All(data.Pairs, p => Assert.Equal("Drug", data.Nodes[p.Drug].Type));
    }

    [Fact]
    public async Task Load_RefusesSignaturesOfSeveralKinds()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        await store.IngestAsync(new PerturbKG.Ingest.IngestOptions { Dataset = "level5", GeneInfo = [SharedData.Path("lincs/info/geneinfo.tsv.gz")], Matrices = [SharedData.Path("lincs/cmapr/modzs_n272x978.gct")] });
        await store.IngestAsync(new PerturbKG.Ingest.IngestOptions { Dataset = "deltas", GeneInfo = [SharedData.Path("lincs/prnet_ht115/genes.tsv"), SharedData.Path("lincs/info/geneinfo.tsv.gz")], PairedTables = [SharedData.Path("lincs/prnet_ht115/ht115_level3_demo.tsv")] });
        await using var sqlite = SqliteGraphStore.Open(store.Path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrainingDataLoader.LoadAsync(sqlite, new TrainingDataOptions(), TestContext.Current.CancellationToken));

        Assert.Contains("several kinds", error.Message, StringComparison.Ordinal);
        var deltas = await TrainingDataLoader.LoadAsync(sqlite, new TrainingDataOptions { Datasets = ["deltas"] }, TestContext.Current.CancellationToken);
        Assert.Equal(PerturbKG.Store.Signatures.SignatureKind.Delta, deltas.Kind);
    }
}
