using PerturbKG.Ingest;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>Every rejected row is listed in the rejects file, not only the first 200 the report keeps.</summary>
public sealed class RejectsFileTests
{
    [Fact]
    public async Task Ingest_WritesEveryRejectedRow_ToTheRejectsFile()
    {
        // Issue 16 #5: only the first 200 rejected rows were listed anywhere.
        using var dir = new TempDirectory();
        var lines = new List<string> { "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source" };
        lines.Add("drug_protein,target,0,DB00001,drug,Lepirudin,DrugBank,1,2147,gene/protein,F2,NCBI");
        for (var i = 0; i < 500; i++)
        {
            lines.Add($"drug_protein,target,{i},too,few,columns");
        }

        await File.WriteAllLinesAsync(dir.File("kg.csv"), lines, TestContext.Current.CancellationToken);
        var rejects = dir.File("out/kg.rejects.tsv");

        var report = await new StoreFile(dir.File("s.db")).IngestAsync(new IngestOptions { Dataset = "kg", PrimeKg = [dir.File("kg.csv")], RejectsFile = rejects });
        var written = await File.ReadAllLinesAsync(rejects, TestContext.Current.CancellationToken);

        Assert.Equal(500, report.Rejected);
        Assert.Equal(200, report.Issues.Count);
        Assert.Equal(rejects, report.RejectsFile);
        Assert.Equal(501, written.Length);
        Assert.Equal("file\tline\tkind\treason", written[0]);
        Assert.StartsWith($"{dir.File("kg.csv")}\t3\t", written[1]);
        Assert.StartsWith($"{dir.File("kg.csv")}\t502\t", written[^1]);
    }
}
