using Microsoft.Playwright;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>The admin page in a real browser (Playwright driving Debian's chromium, headless): sign in, retrain, watch, read metrics.</summary>
public sealed class AdminBrowserTests(AdminServerFixture server) : IClassFixture<AdminServerFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task RetrainForm_StartsTinyRun_ThatFinishesAndShowsMetrics()
    {
        if (!File.Exists(Chromium))
        {
            const string reason = "Debian's chromium is not installed (.ci/run installs it)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason + "; CI must have it.");
            }

            Assert.Skip(reason);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var root = server.Address.ToString().TrimEnd('/');

        await page.GotoAsync($"{root}/login");
        await page.FillAsync("#token", AdminServerFixture.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{root}/jobs");

        await page.GotoAsync($"{root}/retrain");
        await page.SelectOptionAsync("#split", "random");
        await page.FillAsync("#seeds", "1");
        await page.FillAsync("#epochs", "3");
        foreach (var ablation in await page.Locator("input[name=ablations]").AllAsync())
        {
            await ablation.UncheckAsync();
        }

        await page.ClickAsync("#start-training");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/run-"));
        var runId = page.Url[(page.Url.LastIndexOf('/') + 1)..].Split('?')[0];

        // The run page refreshes itself (meta refresh) until the run ends.
        await page.WaitForSelectorAsync("#run-state .state.succeeded", new PageWaitForSelectorOptions { Timeout = 180_000 });
        await page.ClickAsync("#metrics-link");
        await page.WaitForSelectorAsync("table#metrics");
        var metrics = await page.InnerTextAsync("table#metrics");
        var report = await page.FrameLocator("iframe.report").Locator("svg").CountAsync();

        var shots = Path.Combine(AppContext.BaseDirectory, "test-artifacts");
        Directory.CreateDirectory(shots);
        var shot = Path.Combine(shots, "admin-run-metrics.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        TestContext.Current.AddAttachment("admin-run-metrics.png", await File.ReadAllBytesAsync(shot, TestContext.Current.CancellationToken), "image/png");

        Assert.StartsWith("run-", runId);
        Assert.Contains("gat", metrics);
        Assert.Contains("mlp-nodrug", metrics);
        Assert.Contains("pearson", metrics);
        Assert.True(report > 0, "the report's plots (SVG) show in the run page");
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
