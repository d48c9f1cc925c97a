using System.Text.Json;
using PerturbKG.Admin.Cli;
using Spectre.Console;

namespace PerturbKG.IntegrationTests.Cli;

/// <summary>The perturbkg command line, run in-process against real files.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Ingest_ExitsWith2_WhenRequiredOptionIsMissing()
    {
        var (code, output) = await RunAsync("ingest", "--primekg", "kg.csv");

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("--store", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("folder", "is a folder, not a store file")]
    [InlineData("not-a-store.db", "is not a PerturbKG store that can be opened")]
    public async Task StoreThatIsAFolderOrNotSqlite_GetsOneLine_NotAStackTrace(string name, string message)
    {
        // Issue 16 #6: both printed a stack trace (ingest and query).
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("folder"));
        await File.WriteAllTextAsync(dir.File("not-a-store.db"), "this is not SQLite\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(dir.File("kg.csv"), "relation,display_relation\n", TestContext.Current.CancellationToken);

        var query = await RunAsync("query", "top-genes", "--store", $"sqlite:{dir.File(name)}", "--param", "drug=x", "--param", "cell=y");
        var ingest = await RunAsync("ingest", "--store", $"sqlite:{dir.File(name)}", "--primekg", dir.File("kg.csv"));

        foreach (var (code, output) in new[] { query, ingest })
        {
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains(message, output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ingest_NamesTheRealProblem_ForAnUnclosedQuote_AndForAFolder()
    {
        // Issue 16 #12: an unclosed quote was reported as "looks truncated", a folder as "file not found".
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("kg.csv"),
            "relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source\n" +
            "protein_protein,ppi,0,\"900000,gene/protein,A,NCBI,1,901,gene/protein,B,NCBI\n" +
            "protein_protein,ppi,0,900001,gene/protein,C,NCBI,1,901,gene/protein,B,NCBI\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(dir.File("folder.csv"));

        var (quoteCode, quote) = await RunAsync("ingest", "--store", $"sqlite:{dir.File("s.db")}", "--primekg", dir.File("kg.csv"));
        var (folderCode, folder) = await RunAsync("ingest", "--store", $"sqlite:{dir.File("s.db")}", "--primekg", dir.File("folder.csv"));

        Assert.Equal(ExitCodes.Failure, quoteCode);
        Assert.Contains("kg.csv:2: a quote opened on this line is never closed", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("truncated", quote, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadUsage, folderCode);
        Assert.Contains("is a folder, not a file", folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ExitsWith2AndNamesTheFile_WhenInputDoesNotExist()
    {
        using var dir = new TempDirectory();

        var (code, output) = await RunAsync("ingest", "--store", $"sqlite:{dir.File("s.db")}", "--primekg", dir.File("missing.csv"));

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("missing.csv", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ExitsWith2_WhenTypedOptionIsMalformed()
    {
        var (code, output) = await RunAsync("ingest", "--store", "sqlite:x.db", "--node-attributes", "drug_features.csv");

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("TYPE=FILE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ExitsWith1AndNamesTheLine_WhenFileIsMalformed()
    {
        using var dir = new TempDirectory();

        var (code, output) = await RunAsync("ingest", "--store", $"sqlite:{dir.File("s.db")}",
            "--geneinfo", SharedData.Path("lincs/info/geneinfo.tsv.gz"), "--gct", SharedData.Path("lincs/cmapr/modzs_n25x50.gct"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("modzs_n25x50.gct:55:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_PrintsParsableReport_WhenJsonIsAsked()
    {
        using var dir = new TempDirectory();

        var (code, output) = await RunAsync("ingest", "--store", $"sqlite:{dir.File("s.db")}", "--dataset", "rows", "--json",
            "--primekg", SharedData.Path("primekg/test_edges.csv"));

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("rows", json.RootElement.GetProperty("dataset").GetString());
        Assert.Equal(7_696, json.RootElement.GetProperty("graph").GetProperty("rows").GetInt64());
        Assert.Equal(64, json.RootElement.GetProperty("files")[0].GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Demo_GeneratesIngestsAndReports_WithNoInput()
    {
        using var dir = new TempDirectory();

        var (code, output) = await RunAsync("demo", "--work", dir.Path, "--scale", "tiny", "--epochs", "3");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Demo finished", output, StringComparison.Ordinal);
        Assert.Contains("compounds → KG drugs by InChIKey", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "perturbkg.db")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "demo", "report.html")));
        Assert.Contains("gat - mlp", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("generate")]
    [InlineData("demo")]
    public async Task Help_DescribesEveryCommand(string command)
    {
        var (code, output) = await RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output)> RunAsync(params string[] args) => CliHarness.RunAsync(args);
}
