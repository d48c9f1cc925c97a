using System.Text;
using System.Text.Json;
using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Predictions;
using PerturbKG.Admin.Server;
using PerturbKG.Admin.Training;
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

    /// <summary>
    /// Where run folders of CLI <c>train</c> and <c>demo</c> are looked for (besides those the store's predictions point
    /// to): the jobs' data folder, a <c>runs</c> folder beside an embedded store (the demo's layout), and the server's
    /// working folder's <c>runs</c> (<c>train</c>'s default).
    /// </summary>
    public static IReadOnlyList<string> Folders(ServerOptions server)
    {
        var folders = new List<string> { Path.Combine(server.Jobs.DataDirectory, "runs"), Path.Combine(Directory.GetCurrentDirectory(), "runs") };
        if (server.Store.Kind == PerturbKG.Store.StoreKind.Sqlite && Path.GetDirectoryName(Path.GetFullPath(server.Store.Target)) is { } beside)
        {
            folders.Add(Path.Combine(beside, "runs"));
        }

        return folders;
    }

    private static async Task List(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var runs = await mediator.Send(new ListTrainingRuns(server.Store, Folders(server)), context.RequestAborted);
        var body = new StringBuilder("<h2>Training runs</h2><p>Every run started here, by the API, a worker, the CLI's <code>train</code> or <code>demo</code>: " +
            "jobs from the registry, and run folders found through the store's predictions or beside the store.</p>");
        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            var summary = run.Summary;
            var ranked = summary is null ? "" : string.Join(", ", summary.Ranked().Select(m => $"{m} {(summary.Metrics[m].GetValueOrDefault("retrieval_rank")?.Mean ?? double.NaN):F3}"));
            rows.Append($"<tr data-run=\"{E(run.Id)}\"><td><a href=\"/runs/{E(Uri.EscapeDataString(run.Id))}\">{E(run.Id)}</a></td><td>{E(run.Source)}</td><td>{State(run.State)}</td>" +
                $"<td>{E(summary?.Split)}</td><td>{E(ranked)}</td><td>{WriteBack(run)}</td><td>{E(run.Job?.FinishedAt ?? run.At)}</td></tr>");
        }

        body.Append(runs.Count == 0 ? "<p>No training runs yet: start one from <a href=\"/retrain\">Retrain</a>, or run <code>perturbkg train</code>.</p>"
            : $"<table id=\"training-runs\"><thead><tr><th>Run</th><th>Started by</th><th>State</th><th>Split</th><th>Test retrieval rank (0 best, 0.5 chance), best first</th><th>Write-back</th><th>Finished</th></tr></thead><tbody>{rows}</tbody></table>");
        body.Append(await PredictionRuns(context, mediator, server));
        await Layout.Write(context, "Runs", body.ToString(), token.SignedIn(context.Request));
    }

    // What the run wrote into the server's store: current, another version, gone (pruned), or nothing.
    private static string WriteBack(TrainingRunEntry run) => run switch
    {
        { Written: { IsCurrent: true } w } => $"<strong>current</strong> · {w.Effects:N0} effects",
        { Written: { } w } => $"{w.Effects:N0} effects (not current)",
        { Effects: { } effects } => $"{effects:N0} effects, not in this store now",
        { State: RunState.Succeeded } => "none",
        _ => "",
    };

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

    private static async Task Details(HttpContext context, string id, IMediator mediator, AdminToken token, ServerOptions server)
    {
        TrainingRunEntry run;
        try
        {
            run = await mediator.Send(new GetTrainingRun(server.Store, Folders(server), id), context.RequestAborted);
        }
        catch (NotFoundException e)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Layout.Write(context, "No such run", $"<p class=\"error\">{E(e.Message)}</p>", token.SignedIn(context.Request));
            return;
        }

        var job = run.Job is null ? "" : $" · <a href=\"/jobs/{E(run.Id)}\">job, log and parameters</a>";
        var body = new StringBuilder($"<p>{State(run.State)} · started by {E(run.Source)}{job}</p>");
        if (run.Folder is { Summary: var summary } folder)
        {
            body.Append($"<table class=\"facts\" id=\"run-facts\"><tr><th>Folder</th><td><code>{E(folder.Directory)}</code></td></tr><tr><th>Store</th><td>{E(run.Store)}</td></tr>" +
                $"<tr><th>Write-back</th><td>{WriteBack(run)}{(run.Written is { IsCurrent: false } ? " " + Button($"/runs/{Uri.EscapeDataString(run.Written.Id)}/promote", "promote to current") : "")}</td></tr></table>");
            body.Append($"<p>{E(summary.Split)} split, {summary.Seeds} seed(s), {summary.Seconds:F0} s. Means over test pairs with 95% bootstrap intervals, " +
                "best at telling drugs apart first. retrieval_rank (0 best, 0.5 chance), retrieval_top1 and pearson_delta_centroid score only what differs " +
                "between drugs: a model that predicts one vector for every drug of a cell line cannot win them; it can win the other columns.</p>");
            body.Append(Table("metrics", summary.Ranked(), summary.Metrics));
            if (summary.PairedDifferences.Count > 0)
            {
                body.Append("<h2>Paired differences (first model − second)</h2>");
                body.Append(Table("differences", summary.PairedDifferences.Keys.ToList(), summary.PairedDifferences));
            }

            body.Append($"<h2>Report</h2><iframe class=\"report\" src=\"/runs/{E(Uri.EscapeDataString(run.Id))}/report\" title=\"report\"></iframe>");
        }
        else
        {
            body.Append("<p>No metrics yet: the run has not finished.</p>");
        }

        await Layout.Write(context, $"Run {run.Id}", body.ToString(), token.SignedIn(context.Request));
    }

    private static string Table(string id, IReadOnlyList<string> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, PerturbKG.Model.Evaluation.Estimate>> values)
    {
        var metrics = SampleMetrics.DrugDiscriminating.Concat(values.Values.First().Keys).Distinct().Where(values.Values.First().ContainsKey).ToList();
        var head = string.Concat(metrics.Select(m => $"<th>{E(m)}</th>"));
        var body = string.Concat(rows.Select(r =>
            $"<tr><th>{E(r)}</th>{string.Concat(metrics.Select(m => $"<td class=\"num\">{values[r][m].Mean:F3} <small>[{values[r][m].Low:F3}, {values[r][m].High:F3}]</small></td>"))}</tr>"));
        return $"<div class=\"wide\"><table id=\"{id}\"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table></div>";
    }

    private static async Task<IResult> Report(string id, IMediator mediator, HttpContext context, ServerOptions server)
    {
        try
        {
            var run = await mediator.Send(new GetTrainingRun(server.Store, Folders(server), id), context.RequestAborted);
            return run.Folder is { } folder && File.Exists(folder.Report) ? Results.File(folder.Report, "text/html; charset=utf-8") : Results.NotFound("This run has no report (yet).");
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
}
