using Microsoft.Playwright;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>Debian's chromium, headless, driven by Playwright (which downloads nothing when given the executable).</summary>
public sealed class Chromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    public IBrowser Browser => browser;

    /// <summary>Starts the browser; skips the test locally without it, fails in CI.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            const string reason = "Debian's chromium is not installed (.ci/run installs it)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason + "; CI must have it.");
            }

            Assert.Skip(reason);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A full-page screenshot kept beside the test binaries (test-artifacts/) and attached to the result.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var shots = Path.Combine(AppContext.BaseDirectory, "test-artifacts");
        Directory.CreateDirectory(shots);
        var shot = Path.Combine(shots, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(shot, TestContext.Current.CancellationToken), "image/png");
        return shot;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
