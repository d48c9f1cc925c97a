using System.Text.Json;
using Microsoft.Playwright;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>
/// Every form on every admin page, measured in a real browser (issue 20): from 1024 px up, each label sits on its
/// input's row and to its left, and each hint on the same row to its right; on a narrow screen the label stacks above
/// its input. Screenshots of each page are the test's artifacts.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class AdminFormLayoutTests(DemoServerFixture server)
{
    private static readonly string[] Pages =
    [
        "/login", "/retrain", "/schedules", "/predict", "/explain",
        "/query?q=top-genes", "/query?q=drugs-for-gene", "/query?q=similar-drugs", "/query?q=explain", "/query?q=predicted-vs-observed",
    ];

    // For each form row: the label's and the control's boxes (and the hint's), read in the page.
    private const string MeasureRows = """
        () => Array.from(document.querySelectorAll('form .field')).map(row => {
          const label = row.querySelector(':scope > label, :scope > .label');
          const control = label && label.htmlFor ? document.getElementById(label.htmlFor)
            : row.querySelector(':scope > [role=group]');
          const hint = row.querySelector(':scope > small');
          const box = e => { if (!e) { return null; } const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
          return { form: row.closest('form').getAttribute('action'), text: label ? label.textContent.trim() : '(no label)',
                   label: box(label), control: box(control), hint: box(hint) };
        })
        """;

    [Theory]
    [InlineData(1280)]
    [InlineData(1024)]
    public async Task EveryLabel_SharesItsInputsRow_AndSitsLeftOfIt(int width)
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var problems = new List<string>();
        var measured = 0;

        foreach (var path in Pages)
        {
            await page.GotoAsync(server.Root + path);
            var rows = await RowsAsync(page);
            Assert.True(rows.Count > 0, $"{path}: no form rows in\n{await page.ContentAsync()}");
            foreach (var row in rows)
            {
                measured++;
                if (row.Label is not { } label || row.Control is not { } control)
                {
                    problems.Add($"{path} {row.Form} '{row.Text}': a row without a label or its control");
                    continue;
                }

                if (!Overlap(label, control) || label.Right > control.Left)
                {
                    problems.Add($"{path} '{row.Text}': label {label} is not on its input's row to its left {control}");
                }

                if (row.Hint is { } hint && (!Overlap(hint, control) || hint.Left < control.Right))
                {
                    problems.Add($"{path} '{row.Text}': hint {hint} is not on its input's row to its right {control}");
                }
            }

            if (width == 1280)
            {
                await Chromium.ScreenshotAsync(page, $"admin{path.Replace('/', '-').Replace('?', '-').Replace('=', '-')}-{width}.png");
            }
        }

        foreach (var path in new[] { "/runs", "/runs/demo" }.Concat(Pages))
        {
            await page.GotoAsync(server.Root + path);
            if (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") is var wide && wide > width)
            {
                problems.Add($"{path}: the page is {wide} px wide on a {width} px screen");
            }

            if (path.StartsWith("/runs", StringComparison.Ordinal))
            {
                await Chromium.ScreenshotAsync(page, $"admin{path.Replace('/', '-')}-{width}.png");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(measured > 40, $"measured {measured} rows");
    }

    [Fact]
    public async Task OnANarrowScreen_EveryLabel_StacksAboveItsInput()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        var problems = new List<string>();

        foreach (var path in new[] { "/retrain", "/schedules", "/predict" })
        {
            await page.GotoAsync(server.Root + path);
            if (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") is > 420 and var wide)
            {
                problems.Add($"{path}: the page is {wide} px wide on a 420 px screen");
            }

            foreach (var row in await RowsAsync(page))
            {
                if (row.Label is not { } label || row.Control is not { } control || label.Bottom > control.Top + 1 || control.Right > 420)
                {
                    problems.Add($"{path} '{row.Text}': label {row.Label} is not above its input {row.Control} within the screen");
                }
            }

            await Chromium.ScreenshotAsync(page, $"admin{path.Replace('/', '-')}-420.png");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task DrugField_SuggestsTheStoresNames_AsOneTypes()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(server.Root + "/predict");

        await page.Locator("#drug").PressSequentiallyAsync("db9"); // the demo's drugs are DB90000 on
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#drug-names option').length > 0");
        var options = await page.EvalOnSelectorAllAsync<string[]>("#drug-names option", "os => os.map(o => o.value)");

        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.StartsWith("DB9", o, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<Row>> RowsAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>(MeasureRows)).Deserialize<List<Row>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    // Two boxes share a row when their vertical extents overlap.
    private static bool Overlap(Box a, Box b) => a.Top < b.Bottom && b.Top < a.Bottom;

    private sealed record Row(string? Form, string Text, Box? Label, Box? Control, Box? Hint);

    private sealed record Box(double Left, double Right, double Top, double Bottom)
    {
        public override string ToString() => $"[{Left:F0}–{Right:F0} × {Top:F0}–{Bottom:F0}]";
    }
}
