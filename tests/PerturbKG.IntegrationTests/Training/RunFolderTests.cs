using PerturbKG.Jobs.Training;

namespace PerturbKG.IntegrationTests.Training;

/// <summary>Run folders read back for the Runs page: what a finished run wrote, wherever it was started.</summary>
public sealed class RunFolderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Metrics = """
        {"run":"a","split":"random","seeds":1,"models":{"gat":{"retrieval_rank":{"mean":0.3,"low":0.2,"high":0.4,"n":10}},
         "mean":{"retrieval_rank":{"mean":0.5,"low":0.5,"high":0.5,"n":10}}},
         "pairedDifferences":{"gat - mean":{"retrieval_rank":{"mean":-0.2,"low":-0.3,"high":-0.1,"n":10}}},
         "writeBack":{"run":"a","pairs":4,"effects":80,"paths":200,"faithfulness":null,"seconds":0.5},"seconds":1.5}
        """;

    [Fact]
    public async Task Find_ReadsEachRunOnce_OneLevelDown_AndSkipsWhatIsNotARun()
    {
        using var dir = new TempDirectory();
        var runs = dir.File("runs");
        Directory.CreateDirectory(Path.Combine(runs, "a"));
        Directory.CreateDirectory(Path.Combine(runs, "no-metrics"));
        Directory.CreateDirectory(Path.Combine(runs, "garbage"));
        await File.WriteAllTextAsync(Path.Combine(runs, "a", "metrics.json"), Metrics, Ct);
        await File.WriteAllTextAsync(Path.Combine(runs, "a", "manifest.json"), """{"createdAt":"2026-12-01T08:00:00Z","store":"sqlite:/data/x.db"}""", Ct);
        await File.WriteAllTextAsync(Path.Combine(runs, "garbage", "metrics.json"), "{not json", Ct);

        var found = RunFolder.Find([runs, Path.Combine(runs, "a"), dir.File("missing")]);

        var run = Assert.Single(found);
        Assert.Equal(Path.Combine(runs, "a"), run.Directory);
        Assert.Equal(("a", "random", 1), (run.Summary.Name, run.Summary.Split, run.Summary.Seeds));
        Assert.Equal(["gat", "mean"], run.Summary.Ranked());
        Assert.Equal(-0.2, run.Summary.PairedDifferences["gat - mean"]["retrieval_rank"].Mean);
        Assert.Equal((80, 200), (run.WriteBack!.Effects, run.WriteBack.Paths));
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), "sqlite:/data/x.db"), (run.CreatedAt, run.Store));
    }
}
