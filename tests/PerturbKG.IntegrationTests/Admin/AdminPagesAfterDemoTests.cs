using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PerturbKG.IntegrationTests.Jobs;

namespace PerturbKG.IntegrationTests.Admin;

[CollectionDefinition(Name)]
public sealed class DemoServerCollection : ICollectionFixture<DemoServerFixture>
{
    public const string Name = "admin server on the demo's store";
}

/// <summary>
/// The admin pages as a new user meets them right after the demo (issue 20): the demo's run on the Runs page with its
/// metrics, runs the CLI trained elsewhere, names suggested, query results linked to their explanations.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed partial class AdminPagesAfterDemoTests(DemoServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Demo_EndsByPrintingHowToOpenTheAdminPagesOnItsStore()
    {
        var store = $"sqlite:{Path.Combine(server.Work, "perturbkg.db")}";

        Assert.Contains($"perturbkg serve --store {store}", server.DemoOutput, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5080/runs", server.DemoOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsPage_ListsTheDemoRun_WithItsMetricTable_AfterDemo()
    {
        using var http = server.Client();

        var list = await http.GetStringAsync("/runs", Ct);
        var details = await http.GetStringAsync("/runs/demo", Ct);
        var report = await http.GetAsync("/runs/demo/report", Ct);

        var row = RunRow(list, "demo");
        Assert.Contains("run folder", row, StringComparison.Ordinal);
        Assert.Contains("scaffold", row, StringComparison.Ordinal);
        Assert.Contains("<strong>current</strong>", row, StringComparison.Ordinal);
        var metrics = Regex.Match(details, "<table id=\"metrics\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<th>gat</th>", metrics, StringComparison.Ordinal);
        Assert.Contains("<th>mean</th>", metrics, StringComparison.Ordinal);
        Assert.Contains("retrieval_rank", metrics, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(server.Work, "runs", "demo"), details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("<svg", await report.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainingRunsApi_ListsTheDemoRun_WithItsRankingAndWriteBack()
    {
        using var http = server.Client();

        var runs = await http.GetFromJsonAsync<JsonElement>("/api/training-runs", Ct);

        var demo = runs.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "demo");
        Assert.Equal("succeeded", demo.GetProperty("state").GetString());
        Assert.True(demo.GetProperty("current").GetBoolean());
        Assert.Contains(demo.GetProperty("ranking").EnumerateArray(), m => m.GetProperty("model").GetString() == "gat"
            && m.GetProperty("metrics").GetProperty("retrieval_rank").GetProperty("mean").GetDouble() is >= 0 and <= 1);
    }

    [Fact]
    public async Task RunsPage_ListsACliTrainRun_WhoseFolderOnlyTheStoreKnows()
    {
        var folder = Path.Combine(server.Work, "..", "elsewhere", "cli-run");
        var (code, output) = await PerturbKgProcess.RunAsync("train", "--store", $"sqlite:{Path.Combine(server.Work, "perturbkg.db")}", "--out", folder,
            "--split", "random", "--seeds", "1", "--epochs", "2", "--models", "gat,mean", "--ablations", "none");
        Assert.True(code == 0, output);
        using var http = server.Client();

        var list = await http.GetStringAsync("/runs", Ct);
        var details = await http.GetStringAsync("/runs/cli-run", Ct);

        var row = RunRow(list, "cli-run");
        Assert.Contains("random", row, StringComparison.Ordinal);
        Assert.Contains("effects (not current)", row, StringComparison.Ordinal);
        Assert.Contains("<table id=\"metrics\">", details, StringComparison.Ordinal);
        Assert.Contains("promote to current", details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drug")]
    [InlineData("cell")]
    [InlineData("gene")]
    public async Task Names_SuggestsNodesHoldingWhatIsTyped_InAnyCase(string type)
    {
        using var http = server.Client();
        var any = await SuggestAsync(http, type, type == "drug" ? "DB" : type == "gene" ? "1" : "0");
        Assert.NotEmpty(any);
        var name = any[0].Name;
        var part = name.Length > 4 ? name[1..^1] : name;

        var found = await SuggestAsync(http, type, part.ToUpperInvariant());

        Assert.Contains(found, n => n.Name == name);
        Assert.All(found, n => Assert.True(n.Key.Contains(part, StringComparison.OrdinalIgnoreCase) || n.Name.Contains(part, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Names_Answers400_ForAnUnknownType()
    {
        using var http = server.Client();

        var response = await http.GetAsync("/api/names?type=planet&q=mars", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("drug, cell or gene", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryPage_LinksEachGeneToItsExplanationPaths_WhichShowThem()
    {
        var (drug, cell) = WrittenPair();
        using var http = server.Client();

        var top = await http.GetStringAsync($"/query?q=top-genes&drug={drug}&cell={cell}", Ct);
        var link = WebUtility.HtmlDecode(Regex.Match(top, "href=\"(/query\\?q=explain[^\"]+)\"").Groups[1].Value);
        var explain = await http.GetStringAsync(link, Ct);

        Assert.Contains($"drug={drug}", link, StringComparison.Ordinal);
        Assert.Contains($"cell={cell}", link, StringComparison.Ordinal);
        Assert.Matches("<table id=\"query-result\">.*-\\[", explain.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PredictPage_PredictsAPair_AndLinksEachGeneToItsLivePaths()
    {
        var (drug, cell) = WrittenPair();
        using var http = server.Client();

        var predicted = await http.GetStringAsync($"/predict?drug={drug}&cell={cell}&top=5", Ct);
        var links = Regex.Matches(predicted, "href=\"(/explain\\?[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var explained = await http.GetStringAsync(links[0], Ct);
        var unknown = await http.GetAsync($"/predict?drug=no-such-drug&cell={cell}", Ct);

        Assert.Equal(5, links.Count);
        Assert.Contains("run=demo", links[0], StringComparison.Ordinal);
        Assert.Matches("<table id=\"paths\">.*-\\[", explained.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("id=\"answer-error\"", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<Suggestion>> SuggestAsync(HttpClient http, string type, string text) =>
        (await http.GetFromJsonAsync<List<Suggestion>>($"/api/names?type={type}&q={Uri.EscapeDataString(text)}", new JsonSerializerOptions(JsonSerializerDefaults.Web), Ct))!;

    // A (drug key, cell key) pair the demo wrote predictions for.
    private (string Drug, string Cell) WrittenPair()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.Work, "perturbkg.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.key AS drug, c.key AS cell FROM predicted_effects e JOIN nodes d ON d.id = e.drug JOIN nodes c ON c.id = e.cell WHERE e.run = 'demo' ORDER BY e.drug, e.cell LIMIT 1";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "the demo wrote predictions");
        return (reader.GetString(reader.GetOrdinal("drug")), reader.GetString(reader.GetOrdinal("cell")));
    }

    private static string RunRow(string page, string run)
    {
        var row = Regex.Match(page, $"<tr data-run=\"{Regex.Escape(run)}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"the Runs page lists {run}");
        return row.Value;
    }

    private sealed record Suggestion(string Key, string Name);
}
