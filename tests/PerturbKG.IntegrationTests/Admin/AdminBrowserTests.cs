using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PerturbKG.IntegrationTests.Jobs;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>
/// The admin pages and the Hangfire Dashboard in a real browser (Playwright driving Debian's chromium, headless): sign
/// in, retrain, watch, read metrics; follow a run on the dashboard's Runs page and cancel it with the job's Delete.
/// </summary>
public sealed class AdminBrowserTests(AdminServerFixture server) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task RetrainForm_StartsTinyRun_ThatFinishesAndShowsMetrics()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var root = server.Address.ToString().TrimEnd('/');

        await page.GotoAsync($"{root}/login");
        await page.FillAsync("#token", AdminServerFixture.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{root}/hangfire/runs");

        await page.GotoAsync($"{root}/retrain");
        await page.SelectOptionAsync("#split", "random");
        await page.FillAsync("#seeds", "1");
        await page.FillAsync("#epochs", "3");
        foreach (var ablation in await page.Locator("input[name=ablations]").AllAsync())
        {
            await ablation.UncheckAsync();
        }

        await page.ClickAsync("#start-training");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/hangfire/runs/run-"));
        var runId = page.Url[(page.Url.LastIndexOf('/') + 1)..].Split('?')[0];

        // The dashboard's run page reloads itself until the run ends.
        await page.WaitForSelectorAsync("#run-state .run-state.label-success", new PageWaitForSelectorOptions { Timeout = 180_000 });
        await page.ClickAsync("#metrics-link");
        await page.WaitForSelectorAsync("table#metrics");
        var metrics = await page.InnerTextAsync("table#metrics");
        var report = await page.FrameLocator("iframe.report").Locator("svg").CountAsync();

        var shot = await Chromium.ScreenshotAsync(page, "admin-run-metrics.png");

        Assert.StartsWith("run-", runId);
        Assert.Contains("gat", metrics);
        Assert.Contains("mlp-nodrug", metrics);
        Assert.Contains("pearson", metrics);
        Assert.True(report > 0, "the report's plots (SVG) show in the run page");
        Assert.True(new FileInfo(shot).Length > 10_000);
    }

    [Fact]
    public async Task Dashboard_ShowsRunningTrainingWithProgress_AndItsDeleteCancelsIt()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var browser = chromium.Browser;
        var root = server.Address.ToString().TrimEnd('/');

        // Without signing in, the dashboard sends the browser to the sign-in page.
        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync($"{root}/hangfire/runs");
        Assert.Equal($"{root}/login?next=%2Fhangfire%2Fruns", stranger.Url);

        using var http = server.Client();
        var started = await http.PostAsJsonAsync("/api/train", TinyDataset.LongTraining, TestContext.Current.CancellationToken);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("run").GetProperty("id").GetString()!;
        try
        {
            await FollowAndDeleteAsync(browser, root, runId);
        }
        finally
        {
            // Never leave the long run holding the store for the other tests of this server, whatever failed above.
            await http.PostAsync($"/api/runs/{runId}/cancel", null, CancellationToken.None);
        }
    }

    private async Task FollowAndDeleteAsync(IBrowser browser, string root, string runId)
    {
        var running = await JobsHostHarness.WaitAsync(server.Registry, runId, r => r.State == RunState.Running && r.Progress > 0, TimeSpan.FromMinutes(2));

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync($"{root}/login?next=%2Fhangfire%2Fruns");
        await page.FillAsync("#token", AdminServerFixture.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{root}/hangfire/runs");
        var row = page.Locator($"tr[data-run='{runId}']");
        await row.Locator(".progress").WaitForAsync(); // the bar itself has no width yet at 0%
        var progress = await row.Locator(".progress-bar").GetAttributeAsync("aria-valuenow");
        var stage = await row.Locator("td").Nth(4).InnerTextAsync();
        var runsShot = await Chromium.ScreenshotAsync(page, "dashboard-runs.png");

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync(); // "Do you really want to delete this job?"
        // The Runs page reloads itself every few seconds; a reload starting at the same moment aborts this navigation.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync($"{root}/hangfire/jobs/details/{running.JobId}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
                break;
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
            {
            }
        }

        var delete = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[data-ajax$='/jobs/actions/delete/" + running.JobId + "']"),
            response => response.Url.Contains("/jobs/actions/delete/", StringComparison.Ordinal));
        Assert.True(delete.Ok, $"the dashboard's delete answered {delete.Status}");
        var cancelled = await JobsHostHarness.WaitAsync(server.Registry, runId, r => r.IsFinished, TimeSpan.FromSeconds(30));
        await page.GotoAsync($"{root}/hangfire/runs/{runId}");
        var shown = await page.InnerTextAsync("#run-state");
        var cancelShot = await Chromium.ScreenshotAsync(page, "dashboard-run-cancelled.png");

        Assert.True(double.Parse(progress!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Contains("epoch", stage);
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Equal(RunExecutor.DeletedInDashboard, cancelled.Error);
        Assert.Contains("cancelled", shown);
        Assert.True(new FileInfo(runsShot).Length > 10_000 && new FileInfo(cancelShot).Length > 10_000);
    }
}
