using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PerturbKG.Admin.Server;
using PerturbKG.IntegrationTests.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>The JSON API and the form posts: auth, validation, unknown ids, and the one-training-per-store queue.</summary>
public sealed class AdminApiTests(AdminServerFixture server) : IClassFixture<AdminServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_ReportsHealthy_WithRegistryAndHangfireServer()
    {
        var health = await server.Client(null).GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("hangfireServers").GetInt32());
        Assert.Equal(2, health.GetProperty("workers").GetInt32());
    }

    [Fact]
    public async Task Dashboard_IsForSignedInUsersOnly_PagesAndAssets_AndPostsNeedAntiforgery()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire/runs");
        page.Headers.Accept.ParseAdd("text/html");
        var redirected = await anonymous.SendAsync(page, Ct);
        var css = await anonymous.GetAsync("/hangfire/css18250", Ct);
        var wrong = await server.Client("wrong-token-0123456789").GetAsync("/hangfire/runs", Ct);
        var signedIn = await server.Client().GetStringAsync("/hangfire/runs", Ct);
        var forged = await server.Client().PostAsync("/hangfire/jobs/actions/requeue/1", null, Ct);

        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/login?next=%2Fhangfire%2Fruns", redirected.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, css.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("<h1 class=\"page-header\">Runs</h1>", signedIn);
        Assert.Contains("name=\"csrf-token\"", signedIn);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode); // signed in, but without the dashboard's antiforgery token
    }

    [Fact]
    public async Task StateChange_Returns401_WithoutToken_And403_WithWrongToken()
    {
        var before = (await server.Registry.ListAsync(1000, null, Ct)).Count;
        var none = await server.Client(null).PostAsJsonAsync("/api/train", new { epochs = 1 }, Ct);
        var wrong = await server.Client("not-the-token-at-all").PostAsJsonAsync("/api/train", new { epochs = 1 }, Ct);
        using var signedOut = await BrowserSession.OpenAsync(server.Address, signInWith: null);
        var page = await signedOut.PostFormAsync("/retrain", [new("epochs", "1")]);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(before, (await server.Registry.ListAsync(1000, null, Ct)).Count);
    }

    [Fact]
    public async Task SessionCookie_IsNotTheToken_AndTheApiIgnoresIt()
    {
        // Issue 16 #4: the cookie held the raw admin token and the JSON API accepted it.
        using var browser = await BrowserSession.OpenAsync(server.Address, AdminServerFixture.Token);
        var session = browser.Cookies.GetAllCookies().First(c => c.Name == AdminToken.CookieName).Value;
        using var cookieOnly = new HttpClient { BaseAddress = server.Address };
        cookieOnly.DefaultRequestHeaders.Add("Cookie", $"{AdminToken.CookieName}={session}");
        var api = await cookieOnly.PostAsync("/api/runs/run-nope/cancel", null, Ct);
        using var rawToken = new HttpClient { BaseAddress = server.Address };
        rawToken.DefaultRequestHeaders.Add("Cookie", $"{AdminToken.CookieName}={AdminServerFixture.Token}");
        var forgedSession = await rawToken.GetAsync("/hangfire/runs", Ct);
        var dashboard = await browser.Http.GetAsync("/hangfire/runs", Ct);

        Assert.DoesNotContain(AdminServerFixture.Token, session);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task PageForms_AreRefused_WithoutAntiforgeryToken_OrFromAnotherOrigin_LogoutIncluded()
    {
        using var browser = await BrowserSession.OpenAsync(server.Address, AdminServerFixture.Token);
        var noToken = await browser.PostFormAsync("/retrain", [new("epochs", "0")], withToken: false);
        var crossSite = await browser.PostFormAsync("/retrain", [new("epochs", "0")], origin: "http://127.0.0.1:1");
        var logoutForged = await browser.PostFormAsync("/logout", [], withToken: false);
        var sameSite = await browser.PostFormAsync("/retrain", [new("epochs", "0")], origin: server.Address.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, logoutForged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, sameSite.StatusCode); // reached the form's validation
    }

    [Fact]
    public async Task StartTraining_Returns400WithFieldMessages_WhenInputIsInvalid()
    {
        var response = await server.Client().PostAsJsonAsync("/api/train", new { split = "by-colour", models = new[] { "gat", "xgboost" }, seeds = 0, hidden = 60, heads = 4 }, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("by-colour", errors.GetProperty("split")[0].GetString());
        Assert.Contains("xgboost", errors.GetProperty("models")[0].GetString());
        Assert.Contains("between 1 and 20", errors.GetProperty("seeds")[0].GetString());
        Assert.Contains("multiple of 8", errors.GetProperty("heads")[0].GetString());
    }

    [Fact]
    public async Task RetrainForm_Returns400AndMarksFields_WhenInputIsInvalid()
    {
        using var browser = await BrowserSession.OpenAsync(server.Address, AdminServerFixture.Token);
        var response = await browser.PostFormAsync("/retrain", [new("split", "random"), new("models", "gat"), new("epochs", "0"), new("seeds", "3")]);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"epochs-error\">epochs must be between 1 and 10000.", html);
        Assert.Contains("id=\"epochs\" name=\"epochs\" type=\"number\" value=\"0\" aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task UnknownRun_Returns404_OnApiAndPage()
    {
        var get = await server.Client().GetAsync("/api/runs/run-nope", Ct);
        var cancel = await server.Client().PostAsync("/api/runs/run-nope/cancel", null, Ct);
        var page = await server.Client().GetAsync("/hangfire/runs/run-nope", Ct);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("There is no run run-nope", await page.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SecondTraining_IsQueuedBehindTheFirst_AndCanBeCancelledAndRetried()
    {
        using var http = server.Client();
        var first = await StartAsync(http, TinyDataset.LongTraining);
        await JobsHostHarness.WaitAsync(server.Registry, first.Id, r => r.State == RunState.Running, TimeSpan.FromMinutes(1));
        var second = await http.PostAsJsonAsync("/api/train", new { seeds = 1, epochs = 2, ablations = Array.Empty<string>() }, Ct);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secondId = body.GetProperty("run").GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True(body.GetProperty("queued").GetBoolean());
        Assert.Equal(first.Id, body.GetProperty("ahead")[0].GetString());
        await Task.Delay(1500, Ct);
        var waiting = (await server.Registry.GetAsync(secondId, Ct))!;
        Assert.Equal(RunState.Queued, waiting.State);
        var page = await http.GetStringAsync("/hangfire/runs", Ct);
        Assert.Contains($"waiting for <a href=\"/hangfire/runs/{first.Id}\">{first.Id}</a>", page);
        // The job goes back and forth between Scheduled (waiting) and Enqueued (looking again) until the store is free;
        // Hangfire's history also lists the Processing it was about to enter when the filter scheduled it instead.
        var history = server.Storage.GetMonitoringApi().JobDetails(waiting.JobId!).History;
        Assert.Contains(history, h => h.StateName == "Scheduled" && h.Reason.StartsWith($"Waiting for {first.Id} (running)", StringComparison.Ordinal));
        Assert.Null(waiting.StartedAt);

        var cancelled = await http.PostAsync($"/api/runs/{secondId}/cancel", null, Ct);
        Assert.Equal(RunState.Cancelled, (await server.Registry.GetAsync(secondId, Ct))!.State);
        await http.PostAsync($"/api/runs/{first.Id}/cancel", null, Ct);
        Assert.Equal(RunState.Cancelled, (await JobsHostHarness.WaitAsync(server.Registry, first.Id, r => r.IsFinished, TimeSpan.FromSeconds(30))).State);

        var retry = await http.PostAsync($"/api/runs/{secondId}/retry", null, Ct);
        var retried = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(secondId, retried.GetProperty("retryOf").GetString());
        var done = await JobsHostHarness.WaitAsync(server.Registry, retried.GetProperty("id").GetString()!, r => r.IsFinished, TimeSpan.FromMinutes(2));
        Assert.True(done.State == RunState.Succeeded, $"{done.State}: {done.Error}\n{done.LogTail}");
        var again = await http.PostAsync($"/api/runs/{done.Id}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Schedule_Returns400WithFieldMessages_ForBadCronAndMissingFile()
    {
        using var http = server.Client();
        var missing = Path.Combine(server.DataRoot, "no", "such", "kg.csv");
        var bad = await http.PostAsJsonAsync("/api/schedules", new { name = "x", cron = "every night", options = new { dataset = "d", primeKg = new[] { missing } } }, Ct);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cron expression", problem.GetProperty("errors").GetProperty("cron")[0].GetString());
        Assert.Contains($"not found: {missing}", problem.GetProperty("errors").GetProperty("inputs")[0].GetString());
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/proc/self/environ")]
    [InlineData("{root}/../../../../etc/passwd")]
    [InlineData("{root}/link-out/passwd")]
    public async Task Ingest_RefusesFilesOutsideTheDataRoots_WithoutReadingThem(string path)
    {
        // Issue 16 #2: the server read any file a request named, and its first line landed in the run's error.
        var linkOut = Path.Combine(server.DataRoot, "link-out");
        if (!Directory.Exists(linkOut))
        {
            Directory.CreateSymbolicLink(linkOut, "/etc");
        }

        var before = (await server.Registry.ListAsync(1000, null, Ct)).Count;
        var response = await server.Client().PostAsJsonAsync("/api/ingest", new { options = new { dataset = "x", nodeTables = new[] { path.Replace("{root}", server.DataRoot, StringComparison.Ordinal) } } }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not under a data root of this server", body);
        Assert.DoesNotContain("root:", body);
        Assert.Equal(before, (await server.Registry.ListAsync(1000, null, Ct)).Count);
    }

    [Theory]
    [InlineData("bolt://127.0.0.1:5999")]
    [InlineData("sqlite:/tmp/anywhere.db")]
    [InlineData("nosuchname")]
    public async Task Requests_NameStores_AndCannotSupplyALocation(string store)
    {
        // Issue 16 #3: any bolt:// host got the server's Neo4j credentials; any sqlite: path created files anywhere.
        var train = await server.Client().PostAsJsonAsync("/api/train", new { store, seeds = 1 }, Ct);
        var ingest = await server.Client().PostAsJsonAsync("/api/ingest", new { store, options = new { dataset = "x" } }, Ct);
        var problem = await train.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, train.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, ingest.StatusCode);
        Assert.StartsWith("Unknown store", problem.GetProperty("errors").GetProperty("store")[0].GetString());
        Assert.False(File.Exists("/tmp/anywhere.db"));
    }

    [Fact]
    public async Task RunDetails_AreReduced_ForAnonymousReaders()
    {
        var bad = Path.Combine(server.DataRoot, "broken.gct");
        await File.WriteAllTextAsync(bad, "#1.3\nthis is not a GCT file\n", Ct);
        var started = await server.Client().PostAsJsonAsync("/api/ingest", new { options = new { dataset = "broken", matrices = new[] { bad } } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await JobsHostHarness.WaitAsync(server.Registry, id, r => r.IsFinished, TimeSpan.FromMinutes(1));

        var anonymous = await server.Client(null).GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Ct);
        var signedIn = await server.Client().GetFromJsonAsync<JsonElement>($"/api/runs/{id}", Ct);

        Assert.False(anonymous.TryGetProperty("error", out _));
        Assert.False(anonymous.TryGetProperty("parameters", out _));
        Assert.False(anonymous.TryGetProperty("logTail", out _));
        Assert.Equal("failed", anonymous.GetProperty("state").GetString());
        Assert.True(signedIn.TryGetProperty("error", out _));
    }

    [Theory]
    [InlineData("/api/train", "{\"seeds\":\"abc\"}", "seeds", "seeds must be a whole number.")]
    [InlineData("/api/train", "{\"seeds\":", "body", "The body is not valid JSON")]
    [InlineData("/api/train", "", "body", "A JSON body is required.")]
    [InlineData("/api/ingest", "[1,2]", "body", "The body is not valid JSON")]
    public async Task MalformedJson_Gets400_WithAFieldMessage(string path, string json, string field, string message)
    {
        // Issue 16 #8: type errors, broken JSON and an empty body got 400 with an empty body.
        var response = await server.Client().PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task BadQueryValue_Gets400_NamingTheParameter()
    {
        var response = await server.Client().GetAsync("/api/runs?limit=abc", Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'abc' is not a whole number.", problem.GetProperty("errors").GetProperty("limit")[0].GetString());
    }

    [Fact]
    public async Task WriteBack_OfAnUnknownRun_Is404_AndQueuesNothing()
    {
        // Issue 16 #9: it was accepted (202) and failed later.
        var before = (await server.Registry.ListAsync(1000, null, Ct)).Count;
        var response = await server.Client().PostAsJsonAsync("/api/write-back", new { run = "nosuchrun" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, (await server.Registry.ListAsync(1000, null, Ct)).Count);
    }

    [Fact]
    public async Task OversizedFormField_Gets413_NotA500()
    {
        // Issue 16 #10: a field over 4 MB got 500 on /login (no token needed) and /ingest.
        using var browser = await BrowserSession.OpenAsync(server.Address, signInWith: null);
        var login = await browser.PostFormAsync("/login", [new("token", new string('x', 5_000_000))]);

        Assert.True(login.StatusCode == HttpStatusCode.RequestEntityTooLarge, await login.Content.ReadAsStringAsync(Ct));
        Assert.Contains("too large", await login.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public void Build_Refuses_InProductionWithoutToken()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdminServer.Build(new ServerOptions
        {
            Store = StoreLocation.Parse(server.Store),
            Jobs = new JobsOptions { Database = JobDatabase.Sqlite(Path.Combine(server.Directory, "other.db")), DataDirectory = server.Directory },
            Environment = "Production",
            AdminToken = null,
        }));

        Assert.Contains("without an admin token", error.Message);
    }

    private static async Task<JobRun> StartAsync(HttpClient http, object body)
    {
        var response = await http.PostAsJsonAsync("/api/train", body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new JobRun { Id = json.GetProperty("run").GetProperty("id").GetString()!, Kind = "train", Store = "", Parameters = "" };
    }
}
