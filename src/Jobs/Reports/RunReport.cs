using System.Globalization;
using System.Net;
using System.Text;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Evaluation;

namespace PerturbKG.Jobs.Reports;

/// <summary>The run's self-contained HTML report: tables of every metric, paired differences, and SVG plots.</summary>
public static class RunReport
{
    // Drug-discriminating metrics first: they decide who wins.
    private static readonly string[] Shown =
    [
        "retrieval_rank", "retrieval_top1", "pearson_delta_centroid",
        "pearson", "pearson_top50", "pearson_top100", "precision_up100", "precision_down100", "rmse", "pearson_delta",
    ];

    public static string Render(RunSummary summary, IReadOnlyList<ModelRun> runs, IReadOnlyDictionary<string, string> facts)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PerturbKG run ")
            .Append(E(summary.Name))
            .Append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".best{font-weight:bold;background:#eef6ee}.note{color:#555;font-size:90%}figure{display:inline-block;margin:0.5em}</style></head><body>");
        html.Append($"<h1>Run {E(summary.Name)}</h1><p>{E(summary.Split)} split · {summary.Seeds} seed(s) · {summary.Seconds:F0} s</p><table>");
        foreach (var (key, value) in facts)
        {
            html.Append($"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table><h2>Test metrics</h2><p class=\"note\">Mean over test pairs of all seeds, with a 95% bootstrap interval; models in order of ")
            .Append("retrieval rank, then Pearson-Δ centroid. <b>Only a model that knows the drug can win the first three</b>: retrieval_rank is the ")
            .Append("normalised rank (0 best, 0.5 chance) of the pair's own observed profile among the fold's profiles of its cell line when the ")
            .Append("prediction is used to retrieve it, retrieval_top1 the share retrieved first (chance 1/n), and pearson_delta_centroid correlates ")
            .Append("prediction and observation after subtracting each side's own mean over the fold's pairs of the cell line. A model that gives every ")
            .Append("drug of a cell line the same vector scores exactly 0.5, chance and 0 on them. <b>A constant predictor can win the rest</b>: Pearson is over ")
            .Append("the 978 landmark genes; top-k over the k genes with the largest observed change; precision@100 counts how many of the 100 most ")
            .Append("up- (down-) regulated genes are among the 100 predicted; RMSE; Pearson-delta correlates both sides after subtracting the training mean, ")
            .Append("which rewards any constant offset that happens to point at the test fold's shift.</p>");
        html.Append(MetricTable(summary));
        if (summary.PairedDifferences.Count > 0)
        {
            html.Append("<h2>Paired differences</h2><p class=\"note\">Per test pair, the first model's metric minus the other model's on the same pair (the GAT against every model, and the best model by retrieval rank against the drug-blind ones); an interval that excludes 0 is a difference the run supports. For retrieval_rank and RMSE a negative difference favours the first model.</p>");
            html.Append(DifferenceTable(summary));
        }

        html.Append("<h2>Plots</h2>");
        html.Append(Figure(SvgChart.BoxPlot("Per-pair Pearson on the test fold", "Pearson", summary.Ranked().Select(m =>
            (m, (IReadOnlyList<double>)runs.Where(r => r.Model == m).SelectMany(r => r.Metrics.Select(s => s.Pearson)).ToList())).ToList())));
        html.Append(Figure(SvgChart.BoxPlot("Per-pair Pearson-Δ centroid on the test fold", "Pearson-Δ centroid", summary.Ranked().Select(m =>
            (m, (IReadOnlyList<double>)runs.Where(r => r.Model == m).SelectMany(r => r.Metrics.Select(s => s.PearsonDeltaCentroid)).Where(v => !double.IsNaN(v)).ToList())).ToList())));
        foreach (var run in runs.Where(r => r.Seed == 1 && r.Model is "gat" or "mlp").Take(2))
        {
            for (var i = 0; i < Math.Min(2, run.Examples.Count); i++)
            {
                var (predicted, observed) = run.Examples[i];
                html.Append(Figure(SvgChart.Scatter($"{run.Model}: test pair {run.TestPairs[i]} (r = {run.Metrics[i].Pearson:F2})", "observed delta", "predicted delta",
                    observed.Zip(predicted).Select(p => ((double)p.First, (double)p.Second)).ToList())));
            }
        }

        var curves = runs.Where(r => r.Seed == 1 && r.Training.History.Count > 1 && r.Training.BestEpoch > 0).ToList();
        if (curves.Count > 0)
        {
            html.Append(Figure(SvgChart.LineChart("Validation loss by epoch (seed 1)", "epoch", "validation MSE",
                curves.Select(r => (r.Model, (IReadOnlyList<(double, double)>)r.Training.History.Select(h => ((double)h.Epoch, h.Validation)).ToList())).ToList())));
            html.Append(Figure(SvgChart.LineChart("Training loss by epoch (seed 1)", "epoch", "training loss (MSE, or Huber of the standardised residual)",
                curves.Select(r => (r.Model, (IReadOnlyList<(double, double)>)r.Training.History.Select(h => ((double)h.Epoch, h.Train)).ToList())).ToList())));
        }

        html.Append("<h2>Training</h2><table><tr><th>model</th><th>seed</th><th>best epoch or choice</th><th>epochs or values tried</th><th>best validation MSE</th><th>seconds</th></tr>");
        foreach (var run in runs)
        {
            var chosen = (run.Training.BestEpoch, run.Training.Choice) switch
            {
                (> 0, { } choice) => $"epoch {run.Training.BestEpoch}; {choice}",
                (_, { } choice) => choice,
                _ => run.Training.BestEpoch.ToString(CultureInfo.InvariantCulture),
            };
            html.Append($"<tr><td>{E(run.Model)}</td><td>{run.Seed}</td><td>{E(chosen)}</td><td>{run.Training.History.Count}</td><td>{run.Training.BestValidationLoss:F4}</td><td>{run.Training.Seconds:F1}</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static string MetricTable(RunSummary summary)
    {
        var html = new StringBuilder("<table><tr><th>model</th>");
        foreach (var metric in Shown)
        {
            html.Append($"<th>{E(metric)}</th>");
        }

        html.Append("</tr>");
        foreach (var model in summary.Ranked())
        {
            html.Append($"<tr><td>{E(model)}</td>");
            foreach (var metric in Shown)
            {
                var estimate = summary.Metrics[model][metric];
                var best = summary.Models.All(m => SampleMetrics.HigherIsBetter(metric)
                    ? summary.Metrics[m][metric].Mean <= estimate.Mean
                    : summary.Metrics[m][metric].Mean >= estimate.Mean);
                html.Append($"<td{(best ? " class=\"best\"" : string.Empty)}>{Format(estimate)}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string DifferenceTable(RunSummary summary)
    {
        var html = new StringBuilder("<table><tr><th>comparison</th>");
        foreach (var metric in Shown)
        {
            html.Append($"<th>{E(metric)}</th>");
        }

        html.Append("</tr>");
        foreach (var (comparison, metrics) in summary.PairedDifferences)
        {
            html.Append($"<tr><td>{E(comparison)}</td>");
            foreach (var metric in Shown)
            {
                html.Append($"<td>{Format(metrics[metric])}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string Figure(string svg) => $"<figure>{svg}</figure>";

    private static string Format(Estimate e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Mean:F3} <span class=\"note\">[{e.Low:F3}, {e.High:F3}]</span>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
