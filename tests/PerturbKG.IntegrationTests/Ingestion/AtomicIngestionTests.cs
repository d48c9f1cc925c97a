using PerturbKG.Ingest;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Ingest.Text;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>A dataset load is all or nothing, and loading it again changes nothing.</summary>
public sealed class AtomicIngestionTests
{
    [Fact]
    public async Task Ingest_GivesIdenticalCountsAndIds_WhenRunTwice()
    {
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Tiny, 5);
        var store = new StoreFile(dir.File("s.db"));

        var first = await store.IngestAsync(data.Ingest);
        var nodesBefore = store.Query("SELECT id, type, key, name FROM nodes ORDER BY id", r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        var second = await store.IngestAsync(data.Ingest);

        Assert.Equal(Counts(first.StoreAfter), Counts(second.StoreAfter));
        Assert.Equal(nodesBefore, store.Query("SELECT id, type, key, name FROM nodes ORDER BY id", r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3))));
        Assert.True(first.StoreAfter.Signatures > 100);
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM datasets"));
    }

    [Fact]
    public async Task Ingest_GivesTheSameStoreContent_WhenTheSameDatasetIsLoadedThreeTimes()
    {
        // Issue 16 #1: on the second load, compounds left unmatched by the first matched (by name) the Drug nodes the
        // first load had created for them, and lost origin=lincs-unmatched.
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Small, 42);
        var store = new StoreFile(dir.File("s.db"));

        var reports = new List<IReadOnlyList<(string Step, long Matched)>>();
        var contents = new List<string>();
        for (var load = 0; load < 3; load++)
        {
            var report = await store.IngestAsync(data.Ingest);
            reports.Add(report.Matches.Select(r => (r.Step, r.Matched)).ToList());
            contents.Add(store.ContentByKeys());
        }

        Assert.Contains(reports[0], r => r.Step.Contains("unmatched", StringComparison.Ordinal) && r.Matched > 0);
        Assert.Equal(reports[0], reports[1]);
        Assert.Equal(reports[0], reports[2]);
        Assert.Equal(contents[0], contents[1]);
        Assert.Equal(contents[0], contents[2]);
    }

    [Fact]
    public async Task Ingest_LeavesStoreUnchanged_WhenAFileIsTruncated()
    {
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Tiny, 6);
        var store = new StoreFile(dir.File("s.db"));
        var before = await store.IngestAsync(data.Ingest);
        var kg = data.Ingest.PrimeKg[0];
        var bytes = await File.ReadAllBytesAsync(kg, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(kg, bytes[..(bytes.Length * 2 / 3)], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(data.Ingest));

        Assert.Equal(kg, error.File);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(Counts(before.StoreAfter), Counts(await store.SummaryAsync()));
        Assert.Equal(before.StoreAfter.Datasets.Single().IngestedAt, (await store.SummaryAsync()).Datasets.Single().IngestedAt);
    }

    [Fact]
    public async Task Ingest_LeavesStoreUnchanged_WhenAGzippedFileIsTruncated()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var gct = SharedData.Path("lincs/cmapr/modzs_n272x978.gct");
        var before = await store.IngestAsync(new IngestOptions { Matrices = [gct] });
        var geneInfo = dir.File("geneinfo.tsv.gz");
        var original = await File.ReadAllBytesAsync(SharedData.Path("lincs/info/geneinfo.tsv.gz"), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(geneInfo, original[..(original.Length / 2)], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            store.IngestAsync(new IngestOptions { GeneInfo = [geneInfo], Matrices = [gct] }));

        Assert.Equal(geneInfo, error.File);
        Assert.Equal(Counts(before.StoreAfter), Counts(await store.SummaryAsync()));
    }

    [Fact]
    public async Task Ingest_StoresNothing_WhenStrictAndOneRowIsBad()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var kg = dir.Write("kg.csv",
            "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source\n" +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI,2,20,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,1,10,gene/protein,A,NCBI,3,30,gene/protein,C\n");

        var lenient = await store.IngestAsync(new IngestOptions { Dataset = "lenient", PrimeKg = [kg] });
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            store.IngestAsync(new IngestOptions { Dataset = "strict", PrimeKg = [kg], Strict = true }));

        Assert.Equal(1, lenient.Rejected);
        Assert.Equal((kg, 3L), (error.File, error.Line));
        Assert.Equal(["lenient"], (await store.SummaryAsync()).Datasets.Select(d => d.Name));
    }

    [Fact]
    public async Task Ingest_KeepsNodesAnotherDatasetUses_WhenTheGraphIsReplaced()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        const string header = "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source\n";
        var kg = dir.Write("kg.csv", header +
            "drug_protein,target,1,DB00001,drug,Alpha,DrugBank,2,5720,gene/protein,PSME1,NCBI\n" +
            "drug_protein,target,3,DB00002,drug,Beta,DrugBank,2,5720,gene/protein,PSME1,NCBI\n");
        var signatures = dir.Write("signatures.tsv", SignatureTable("DB00002"));
        await store.IngestAsync(new IngestOptions { Dataset = "kg", PrimeKg = [kg] });
        await store.IngestAsync(new IngestOptions
        {
            Dataset = "lincs",
            GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
            SignatureTables = [signatures],
        });

        File.WriteAllText(kg, header + "drug_protein,target,1,DB00001,drug,Alpha,DrugBank,2,5720,gene/protein,PSME1,NCBI\n");
        await store.IngestAsync(new IngestOptions { Dataset = "kg", PrimeKg = [kg] });

        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM edges"));
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM nodes WHERE key = 'DB00002'")); // the signature still needs it
        Assert.Equal(1, store.Count("SELECT COUNT(*) FROM signatures s JOIN nodes d ON d.id = s.drug WHERE d.key = 'DB00002'"));
    }

    private static string SignatureTable(string drug)
    {
        var genes = File.ReadLines(SharedData.Path("lincs/paired/genes.tsv")).Skip(1).Select(l => l.Split('\t')[1]).ToList();
        return "sig_id\tdrug\tcell_id\tpert_dose\tpert_time\t" + string.Join('\t', genes) + "\n" +
            $"s1\t{drug}\tMCF7\t10\t24\t" + string.Join('\t', genes.Select((_, i) => (i % 7 * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n";
    }

    private static (long, long, long, long, int) Counts(PerturbKG.Store.Graph.StoreSummary s) =>
        (s.Nodes, s.Edges, s.Signatures, s.CellBaselines, s.LandmarkGenes);
}
