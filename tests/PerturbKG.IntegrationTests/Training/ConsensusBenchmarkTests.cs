using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Evaluation;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Training;

/// <summary>
/// A small version of the README's real-data benchmark: LINCS consensus signatures of 150 DrugBank drugs (120 to train
/// and validate, 30 as an external test dataset) over Hetionet's 5k-per-relation edges, which include the compound
/// up-/down-regulates-gene relations computed from these very signatures. It checks what a run reports, not who wins.
/// </summary>
public sealed class ConsensusBenchmarkTests
{
    [Fact]
    public async Task Train_ReportsEveryModelWithTheDrugDiscriminatingMetrics_OnConsensusSignaturesWithHetionet()
    {
        using var dir = new TempDirectory();
        var (store, options) = await ArrangeAsync(dir);
        await using var sqlite = SqliteGraphStore.Open(store.Path);

        var result = await new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(sqlite, options, null, TestContext.Current.CancellationToken);

        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(result.Artifacts.Metrics, TestContext.Current.CancellationToken));
        var models = metrics.RootElement.GetProperty("models");
        // On shuffled edges the GAT is retrained, and the closed-form graph models fitted again, each beside its twin.
        Assert.Equal(options.Models.Concat(["gat+shuffle-edges", "kg-ridge+shuffle-edges", "gat-prior+shuffle-edges"]).Order(), models.EnumerateObject().Select(m => m.Name).Order());
        Assert.Contains("kg-ridge - kg-ridge+shuffle-edges", result.Summary.PairedDifferences.Keys);
        Assert.Contains("gat-prior - gat-prior+shuffle-edges", result.Summary.PairedDifferences.Keys);
        Assert.Contains("gat - gat-prior", result.Summary.PairedDifferences.Keys);
        foreach (var model in models.EnumerateObject())
        {
            foreach (var metric in SampleMetrics.DrugDiscriminating.Append("pearson"))
            {
                Assert.Equal(30, model.Value.GetProperty(metric).GetProperty("n").GetInt32());
            }
        }

        Assert.All(["mean", "mean-cell", "mlp-nodrug"], blind => Assert.Equal(0.5, result.Summary.Metrics[blind]["retrieval_rank"].Mean, 9));
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(result.Artifacts.Manifest, TestContext.Current.CancellationToken));
        var data = manifest.RootElement.GetProperty("data");
        Assert.InRange(data.GetProperty("excludedRelations").GetProperty("compound_upregulates_gene").GetInt32(), 1, 5000);
        Assert.InRange(data.GetProperty("excludedRelations").GetProperty("compound_downregulates_gene").GetInt32(), 1, 5000);
        Assert.DoesNotContain("compound_upregulates_gene", data.GetProperty("relations").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(30, data.GetProperty("externalTestPairs").GetInt32());
        Assert.Contains("external: 30 pairs of consensus-test", await File.ReadAllTextAsync(result.Artifacts.Report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ReproducesTheRunsTestMetrics_AndRefusesDataTheRunWasFittedTo()
    {
        using var dir = new TempDirectory();
        var (store, options) = await ArrangeAsync(dir);
        options = options with { Models = ["mlp", "ridge", "knn", "kg-ridge", "mean"], Ablations = [] };
        await using var sqlite = SqliteGraphStore.Open(store.Path);
        var trained = await new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(sqlite, options, null, TestContext.Current.CancellationToken);
        var evaluation = new RunEvaluation(NullLogger<RunEvaluation>.Instance);

        var result = await evaluation.RunAsync(sqlite, options.OutputDirectory, ["consensus-test"], dir.File("eval"), TestContext.Current.CancellationToken);

        Assert.Empty(result.Skipped);
        foreach (var model in options.Models)
        {
            foreach (var metric in SampleMetrics.Names)
            {
                Assert.Equal(trained.Summary.Metrics[model][metric].Mean, result.Result.Summary.Metrics[model][metric].Mean, 5);
            }
        }

        Assert.True(File.Exists(dir.File("eval/report.html")));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            evaluation.RunAsync(sqlite, options.OutputDirectory, ["consensus"], dir.File("eval2"), TestContext.Current.CancellationToken));
        Assert.Contains("training or validation fold", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_KeysConsensusDrugsOutsideTheGraphByTheirDrugBankId_WithTheirStructure()
    {
        using var dir = new TempDirectory();
        var (store, _) = await ArrangeAsync(dir);

        var unmatched = store.Query(
            "SELECT n.key, s.value FROM nodes n JOIN node_attributes o ON o.node = n.id AND o.name = 'origin' AND o.value = 'lincs-unmatched' " +
            "LEFT JOIN node_attributes s ON s.node = n.id AND s.name = 'smiles'",
            r => (Key: r.GetString(0), Smiles: r.IsDBNull(1) ? null : r.GetString(1)));

        Assert.NotEmpty(unmatched);
        Assert.All(unmatched, d => Assert.Matches("^DB[0-9]{5}$", d.Key));
        Assert.Contains(unmatched, d => d.Smiles is not null);
    }

    [Fact]
    public async Task Train_RefusesATestPair_ThatATrainingDatasetAlsoHolds()
    {
        using var dir = new TempDirectory();
        var (store, options) = await ArrangeAsync(dir, overlap: true);
        await using var sqlite = SqliteGraphStore.Open(store.Path);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(sqlite, options, null, TestContext.Current.CancellationToken));

        Assert.Contains("test dataset 'consensus-test'", refused.Message, StringComparison.Ordinal);
    }

    // The first 150 consensus drugs as two tables (the last 30 as the test dataset; with overlap, the test table's
    // first drug is also in the training table), ingested over Hetionet's 5k edges.
    private static async Task<(StoreFile, TrainingRunOptions)> ArrangeAsync(TempDirectory dir, bool overlap = false)
    {
        string[] lines;
        await using (var gz = new GZipStream(File.OpenRead(SharedData.Path("lincs/consensus/consensi-drugbank-dev.tsv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            lines = (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[..151];
        }

        await File.WriteAllLinesAsync(dir.File("train.tsv"), lines[..(overlap ? 122 : 121)], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(dir.File("test.tsv"), [lines[0], .. lines[121..]], TestContext.Current.CancellationToken);
        var store = new StoreFile(dir.File("s.db"));
        await store.IngestAsync(new IngestOptions
        {
            Dataset = "hetionet",
            NodeTables = [SharedData.Path("kg/hetionet/hetionet-v1.0-nodes.tsv")],
            EdgeLists = [SharedData.Path("kg/hetionet/hetionet-v1.0-edges-5k.sif.gz")],
            Metaedges = SharedData.Path("kg/hetionet/hetionet-v1.0-metaedges.tsv"),
            NodeAttributes = [new NodeFileInput("drug", SharedData.Path("kg/hetionet/compounds.tsv"))],
        });
        foreach (var (dataset, file) in new[] { ("consensus", "train.tsv"), ("consensus-test", "test.tsv") })
        {
            await store.IngestAsync(new IngestOptions
            {
                Dataset = dataset,
                GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
                SignatureTables = [dir.File(file)],
                TableCell = "consensus",
                DrugXref = [SharedData.Path("lincs/consensus/consensi-drugbank-dev-compounds.tsv")],
            });
        }

        var defaults = new TrainingRunOptions { OutputDirectory = dir.File("run") };
        return (store, defaults with
        {
            Seeds = 1,
            Ablations = ["shuffle-edges"],
            WriteBack = null,
            Data = new TrainingDataOptions { MaxNeighbours = 16, TestDatasets = ["consensus-test"] },
            GatTraining = defaults.GatTraining with { MaxEpochs = 3 },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = 3 },
        });
    }
}
