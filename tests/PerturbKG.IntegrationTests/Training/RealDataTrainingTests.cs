using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Training;

/// <summary>The whole pipeline on real public data: Hetionet as the graph, TranSiGen's paired profiles as deltas.</summary>
public sealed class RealDataTrainingTests
{
    [Fact]
    public async Task Train_CompletesAndScoresEveryModel_OnHetionetWithTransigenDeltas()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        await store.IngestAsync(new IngestOptions
        {
            Dataset = "real",
            NodeTables = [SharedData.Path("kg/hetionet/hetionet-v1.0-nodes.tsv")],
            EdgeLists = [SharedData.Path("kg/hetionet/hetionet-v1.0-edges-5k.sif.gz")],
            Metaedges = SharedData.Path("kg/hetionet/hetionet-v1.0-metaedges.tsv"),
            NodeAttributes = [new NodeFileInput("drug", SharedData.Path("kg/hetionet/compounds.tsv"))],
            GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
            PertInfo = [SharedData.Path("lincs/info/pertinfo.tsv.gz")],
            PairedTables = [SharedData.Path("lincs/paired/transigen_example_paired.tsv")],
            Baselines = [SharedData.Path("lincs/paired/basal_by_cell.tsv")],
        });
        var defaults = new TrainingRunOptions { OutputDirectory = dir.File("run") };

        await using var sqlite = SqliteGraphStore.Open(store.Path);
        var result = await new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(sqlite, defaults with
        {
            Split = "random",
            Seeds = 1,
            Models = ["gat", "mlp", "mean-cell"],
            Ablations = [],
            Data = new TrainingDataOptions { MaxNeighbours = 16 },
            GatTraining = defaults.GatTraining with { MaxEpochs = 2 },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = 2 },
        }, null, TestContext.Current.CancellationToken);

        Assert.Equal(["gat", "mlp", "mean-cell"], result.Summary.Models);
        Assert.All(result.Summary.Metrics.Values, m => Assert.True(double.IsFinite(m["pearson"].Mean)));
        Assert.Equal(10, result.Runs[0].Metrics.Count); // 100 pairs, 10% test
        Assert.Contains("\"kind\": \"Delta\"", await File.ReadAllTextAsync(result.Artifacts.Manifest, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
