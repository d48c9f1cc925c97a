using System.Text;
using System.Text.Json;
using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Predictions;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Evaluation;
using PerturbKG.Store.Predictions;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>Training runs with their metric tables and report plots, and the store's prediction runs with promote.</summary>
internal static class RunsPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/runs", List);
        app.MapGet("/runs/{id}", Details);
        app.MapGet("/runs/{id}/report", Report);
        app.MapPost("/runs/{id}/promote", Promote);
    }

    private static async Task List(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var runs = await mediator.Send(new ListJobRuns(RunKinds.Train, 100), context.RequestAborted);
        var body = new StringBuilder("<h2>Training runs</h2>");
        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            var summary = Outcome(run)?.Summary;
            var pearson = summary is null ? "" : string.Join(", ", summary.Ranked().Select(m => $"{m} {summary.Metrics[m]["retrieval_rank"].Mean:F3}"));
            rows.Append($"<tr><td><a href=\"/runs/{E(run.Id)}\">{E(run.Id)}</a></td><td>{State(run.State)}</td><td>{E(summary?.Split)}</td><td>{E(pearson)}</td><td>{E(run.FinishedAt)}</td></tr>");
        }

        body.Append(runs.Count == 0 ? "<p>No training runs yet: start one from <a href=\"/retrain\">Retrain</a>.</p>"
            : $"<table id=\"training-runs\"><thead><tr><th>Run</th><th>State</th><th>Split</th><th>Test retrieval rank (0 best, 0.5 chance), best first</th><th>Finished</th></tr></thead><tbody>{rows}</tbody></table>");
        body.Append(await PredictionRuns(context, mediator, server));
        await Layout.Write(context, "Runs", body.ToString(), token.SignedIn(context.Request));
    }

    private static async Task<string> PredictionRuns(HttpContext context, IMediator mediator, ServerOptions server)
    {
        IReadOnlyList<PredictionRun> stored;
        try
        {
            stored = await mediator.Send(new ListRuns(server.Store), context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException)
        {
            return $"<h2>Predictions in {E(server.Store)}</h2><p class=\"error\">{E(e.Message)}</p>";
        }

        var rows = string.Concat(stored.Select(r =>
            $"<tr><td>{E(r.Id)}</td><td>{E(r.Model)}</td><td class=\"num\">{r.Effects:N0}</td><td class=\"num\">{r.Paths:N0}</td><td>{E(r.WrittenAt)}</td>" +
            $"<td>{(r.IsCurrent ? "<strong>current</strong>" : Button($"/runs/{r.Id}/promote", "promote"))}</td></tr>"));
        return $"""
            <h2>Predictions in {E(server.Store)}</h2>
            <p>Queries use the current run unless they name another.</p>
            {(stored.Count == 0 ? "<p>No predictions written yet.</p>" : $"<table id=\"prediction-runs\"><thead><tr><th>Run</th><th>Model</th><th>Effects</th><th>Paths</th><th>Written</th><th></th></tr></thead><tbody>{rows}</tbody></table>")}
            """;
    }

    private static async Task Details(HttpContext context, string id, IMediator mediator, AdminToken token)
    {
        JobRun run;
        try
        {
            run = await mediator.Send(new GetJobRun(id), context.RequestAborted);
        }
        catch (NotFoundException e)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Layout.Write(context, "No such run", $"<p class=\"error\">{E(e.Message)}</p>", token.SignedIn(context.Request));
            return;
        }

        var outcome = Outcome(run);
        var body = new StringBuilder($"<p>{State(run.State)} · <a href=\"/jobs/{E(run.Id)}\">job, log and parameters</a></p>");
        if (outcome is null)
        {
            body.Append("<p>No metrics yet: the run has not finished.</p>");
        }
        else
        {
            var summary = outcome.Summary;
            body.Append($"<p>{E(summary.Split)} split, {summary.Seeds} seed(s), {summary.Seconds:F0} s. Means over test pairs with 95% bootstrap intervals, " +
                "best at telling drugs apart first. retrieval_rank (0 best, 0.5 chance), retrieval_top1 and pearson_delta_centroid score only what differs " +
                "between drugs: a model that predicts one vector for every drug of a cell line cannot win them; it can win the other columns.</p>");
            body.Append(Table("metrics", summary.Ranked(), summary.Metrics));
            if (summary.PairedDifferences.Count > 0)
            {
                body.Append("<h2>Paired differences (first model − second)</h2>");
                body.Append(Table("differences", summary.PairedDifferences.Keys.ToList(), summary.PairedDifferences));
            }

            if (outcome.Effects is { } effects)
            {
                body.Append($"<p>Wrote {effects:N0} predicted effects and {outcome.Paths:N0} explanation paths. {Button($"/runs/{run.Id}/promote", "promote to current")}</p>");
            }

            body.Append($"<h2>Report</h2><iframe class=\"report\" src=\"/runs/{E(run.Id)}/report\" title=\"report\"></iframe>");
        }

        await Layout.Write(context, $"Run {run.Id}", body.ToString(), token.SignedIn(context.Request));
    }

    private static string Table(string id, IReadOnlyList<string> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, PerturbKG.Model.Evaluation.Estimate>> values)
    {
        var metrics = SampleMetrics.DrugDiscriminating.Concat(values.Values.First().Keys).Distinct().Where(values.Values.First().ContainsKey).ToList();
        var head = string.Concat(metrics.Select(m => $"<th>{E(m)}</th>"));
        var body = string.Concat(rows.Select(r =>
            $"<tr><th>{E(r)}</th>{string.Concat(metrics.Select(m => $"<td class=\"num\">{values[r][m].Mean:F3} <small>[{values[r][m].Low:F3}, {values[r][m].High:F3}]</small></td>"))}</tr>"));
        return $"<table id=\"{id}\"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>";
    }

    private static async Task<IResult> Report(string id, IMediator mediator, HttpContext context)
    {
        try
        {
            var run = await mediator.Send(new GetJobRun(id), context.RequestAborted);
            var path = run.OutputDirectory is null ? null : Path.Combine(run.OutputDirectory, "report.html");
            return path is not null && File.Exists(path) ? Results.File(path, "text/html; charset=utf-8") : Results.NotFound("This run has no report (yet).");
        }
        catch (NotFoundException e)
        {
            return Results.NotFound(e.Message);
        }
    }

    private static async Task Promote(HttpContext context, string id, IMediator mediator, AdminToken token, ServerOptions server)
    {
        try
        {
            await mediator.Send(new PromoteRun(server.Store, id), context.RequestAborted);
            context.Response.Redirect("/runs");
        }
        catch (NotFoundException e)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Layout.Write(context, "Not promoted", $"<p class=\"error\">{E(e.Message)}</p>", token.SignedIn(context.Request));
        }
    }

    public static TrainingRunOutcome? Outcome(JobRun run) =>
        run is { Kind: RunKinds.Train, State: RunState.Succeeded, Result: { } json } ? JsonSerializer.Deserialize<TrainingRunOutcome>(json, RunExecutor.Json) : null;
}
