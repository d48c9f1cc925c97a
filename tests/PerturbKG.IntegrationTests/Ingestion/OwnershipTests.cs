using PerturbKG.Ingest;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>One dataset does not rename another's nodes, and names and relations never carry control characters or runaway lengths.</summary>
public sealed class OwnershipTests
{
    private const string Header = "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source";

    [Fact]
    public async Task SecondDataset_DoesNotRenameNodesTheFirstOwns()
    {
        // Issue 16 #11: a 5,000,000-character name from one dataset replaced a gene's name owned by another.
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("a.csv"), [Header, "protein_protein,ppi,0,900000,gene/protein,TP53,NCBI,1,900001,gene/protein,MDM2,NCBI"], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(dir.File("b.csv"), [Header, "protein_protein,ppi,0,900000,gene/protein,RENAMED,NCBI,1,900002,gene/protein,EP300,NCBI"], TestContext.Current.CancellationToken);
        var store = new StoreFile(dir.File("s.db"));

        await store.IngestAsync(new IngestOptions { Dataset = "a", PrimeKg = [dir.File("a.csv")] });
        var report = await store.IngestAsync(new IngestOptions { Dataset = "b", PrimeKg = [dir.File("b.csv")] });
        var names = store.Query("SELECT key, name FROM nodes ORDER BY key", r => (r.GetString(0), r.GetString(1)));

        Assert.Contains(("900000", "TP53"), names);
        Assert.Contains(("900002", "EP300"), names);
        var kept = Assert.Single(report.Matches, m => m.Step.StartsWith("nodes whose name another dataset gave was kept", StringComparison.Ordinal));
        Assert.Equal(1, kept.Matched); // reported, not silent
    }

    [Fact]
    public async Task Rows_WithControlCharacters_OrRunawayFields_AreRejectedWithFileAndLine()
    {
        // Issue 16 #11 and #7: a NUL in a relation name made a new relation; a 5 MB field became a node name.
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("kg.csv"),
        [
            Header,
            "protein_protein,ppi,0,900000,gene/protein,TP53,NCBI,1,900001,gene/protein,MDM2,NCBI",
            "protein_protein\0x,ppi,0,900000,gene/protein,TP53,NCBI,1,900001,gene/protein,MDM2,NCBI",
            $"protein_protein,ppi,2,900003,gene/protein,{new string('n', 5_000_000)},NCBI,1,900001,gene/protein,MDM2,NCBI",
        ], TestContext.Current.CancellationToken);
        var store = new StoreFile(dir.File("s.db"));

        var report = await store.IngestAsync(new IngestOptions { Dataset = "kg", PrimeKg = [dir.File("kg.csv")] });

        Assert.Equal(2, report.Rejected);
        Assert.Contains(report.Issues, i => i.Line == 3 && i.Message.Contains("control character 0x00", StringComparison.Ordinal));
        Assert.Contains(report.Issues, i => i.Line == 4 && i.Message.Contains("5,000,000 bytes long", StringComparison.Ordinal));
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM relations"));
        Assert.Equal(0, store.Count("SELECT COUNT(*) FROM nodes WHERE length(name) > 1000"));
    }
}
