using System.Net.Http.Json;
using PerturbKG.IntegrationTests.Jobs;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>What a real <c>perturbkg serve</c> writes to its log never holds a secret, whatever callers send it.</summary>
public sealed class ServerLogTests
{
    [Fact]
    public async Task ServeLog_NeverContainsTheAdminTokenOrTheNeo4jPassword()
    {
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        Directory.CreateDirectory(dir.File("inputs"));
        const string token = "log-test-admin-token-5f2c9a7e";
        const string password = "log-test-neo4j-password-81d3";
        var port = PerturbKgProcess.FreePort();
        using var server = new PerturbKgProcess(
            ["serve", "--store", store, "--jobs", $"sqlite:{dir.File("jobs.db")}", "--data", dir.File("data"), "--data-root", dir.File("inputs"),
                "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["PERTURBKG_ADMIN_TOKEN"] = token, ["NEO4J_PASSWORD"] = password });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await server.WaitHealthyAsync(http);

        // Callers who send secrets where they do not belong, ask for environment files, and fail to sign in.
        await http.PostAsJsonAsync("/api/ingest", new { options = new { dataset = "x", nodeTables = new[] { "/proc/self/environ" } } }, TestContext.Current.CancellationToken);
        await http.PostAsJsonAsync("/api/train", new { store = $"bolt://127.0.0.1:{PerturbKgProcess.FreePort()}" }, TestContext.Current.CancellationToken);
        await http.PostAsJsonAsync("/api/train", new { seeds = token }, TestContext.Current.CancellationToken);
        using (var browser = await BrowserSession.OpenAsync(http.BaseAddress, signInWith: null))
        {
            await browser.PostFormAsync("/login", [new("token", token + "-wrong")]);
            await browser.PostFormAsync("/login", [new("token", token)]);
        }

        await http.GetAsync("/api/runs?limit=" + token, TestContext.Current.CancellationToken);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var log = server.Output;

        Assert.Contains("PerturbKG admin on", log);
        Assert.DoesNotContain(token, log);
        Assert.DoesNotContain(password, log);
    }
}
