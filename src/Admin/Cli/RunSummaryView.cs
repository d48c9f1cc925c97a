using System.Globalization;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Evaluation;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>Renders a training run's comparison as console tables.</summary>
internal static class RunSummaryView
{
    private static readonly (string Metric, string Title)[] Columns =
    [
        ("retrieval_rank", "retrieval rank ↓"), ("retrieval_top1", "top-1"), ("pearson_delta_centroid", "Pearson-Δ centroid"),
        ("pearson", "Pearson"), ("pearson_delta", "Pearson-Δ"), ("pearson_top100", "Pearson top-100"), ("rmse", "RMSE"),
    ];

    public static void Render(IAnsiConsole console, TrainingRunResult result)
    {
        var summary = result.Summary;
        foreach (var warning in result.Data.Warnings)
        {
            console.MarkupLineInterpolated($"[bold yellow]warning:[/] {warning}");
        }

        if (result.Data.Excluded.Count > 0)
        {
            console.MarkupLineInterpolated($"Left out of the graph (their evidence is the expression data being predicted): {string.Join(", ", result.Data.Excluded)}.");
        }

        console.MarkupLineInterpolated($"[bold]Run[/] {summary.Name}: {summary.Split} split, {summary.Seeds} seed(s), {summary.Seconds:F0} s. Test fold, mean [[95% bootstrap CI]], best at telling drugs apart first:");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("model");
        foreach (var (_, title) in Columns)
        {
            table.AddColumn(new TableColumn(title).RightAligned());
        }

        foreach (var model in summary.Ranked())
        {
            table.AddRow([Markup.Escape(model), .. Columns.Select(c => Cell(summary.Metrics[model][c.Metric], Best(summary, model, c.Metric)))]);
        }

        console.Write(table);
        console.MarkupLine("[grey]Retrieval rank (0 best, 0.5 chance), top-1 and Pearson-Δ centroid score only what differs between drugs: a model that predicts the same vector for every drug of a cell line gets 0.5, chance and 0. The other columns can be won by a constant.[/]");
        if (summary.PairedDifferences.Count > 0)
        {
            var differences = new Table().Border(TableBorder.Rounded).AddColumn("paired difference");
            foreach (var (_, title) in Columns)
            {
                differences.AddColumn(new TableColumn(title).RightAligned());
            }

            foreach (var (comparison, metrics) in summary.PairedDifferences)
            {
                differences.AddRow([Markup.Escape(comparison), .. Columns.Select(c => Difference(metrics[c.Metric], c.Metric))]);
            }

            console.Write(differences);
        }

        if (result.WriteBack is { } written)
        {
            RunsCommand.RenderWriteBack(console, written);
        }

        console.MarkupLineInterpolated($"Report: {result.Artifacts.Report}");
        console.MarkupLineInterpolated($"Metrics: {result.Artifacts.Metrics}  Manifest: {result.Artifacts.Manifest}");
    }

    private static bool Best(RunSummary summary, string model, string metric) => summary.Models.All(m => SampleMetrics.HigherIsBetter(metric)
        ? summary.Metrics[m][metric].Mean <= summary.Metrics[model][metric].Mean
        : summary.Metrics[m][metric].Mean >= summary.Metrics[model][metric].Mean);

    private static string Cell(Estimate e, bool best)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{e.Mean:F3} [grey][[{e.Low:F3}, {e.High:F3}]][/]");
        return best ? $"[bold green]{text}[/]" : text;
    }

    // Green when the interval says the first model is better, red when it says it is worse.
    private static string Difference(Estimate e, string metric)
    {
        // Rounded first (and + 0.0 drops the sign of a negative zero) so a tiny negative never prints as "-+0.000".
        static double R(double v) => Math.Round(v, 3) + 0.0;
        var text = string.Create(CultureInfo.InvariantCulture, $"{R(e.Mean):+0.000;-0.000;0.000} [grey][[{R(e.Low):+0.000;-0.000;0.000}, {R(e.High):+0.000;-0.000;0.000}]][/]");
        var better = SampleMetrics.HigherIsBetter(metric) ? e.Low > 0 : e.High < 0;
        var worse = SampleMetrics.HigherIsBetter(metric) ? e.High < 0 : e.Low > 0;
        return better ? $"[green]{text}[/]" : worse ? $"[red]{text}[/]" : text;
    }
}
