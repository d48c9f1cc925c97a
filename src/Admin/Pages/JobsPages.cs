using System.Text;
using FluentValidation;
using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Server;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Runs;
using PerturbKG.Store.Predictions;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>The jobs dashboard (runs with live progress, cancel, retry; schedules), one run's page, and the ingestion form.</summary>
public static class JobsPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/jobs", Dashboard);
        app.MapGet("/jobs/{id}", Details);
        app.MapPost("/jobs/{id}/cancel", (HttpContext c, string id) => Act(c, new CancelRun(id), id));
        app.MapPost("/jobs/{id}/retry", async (HttpContext c, string id) => await Act(c, new RetryRun(id), null));
        app.MapPost("/ingest", Ingest);
        app.MapPost("/schedules/{id}/{action}", async (HttpContext c, string id, string action) =>
        {
            if (await Send(c, new ChangeSchedule(id, action)) is not null)
            {
                c.Response.Redirect("/jobs#schedules");
            }
        });
    }

    private static async Task Dashboard(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var runs = await mediator.Send(new ListJobRuns(Limit: 100), context.RequestAborted);
        var schedules = await mediator.Send(new ListSchedules(), context.RequestAborted);
        var body = new StringBuilder();
        body.Append(RunTable(runs));
        body.Append(ScheduleTable(schedules));
        body.Append(IngestForm(server.Store.ToString(), NoErrors, null));
        var active = runs.Any(r => !r.IsFinished);
        await Layout.Write(context, "Jobs", body.ToString(), token.SignedIn(context.Request), active ? 2 : null);
    }

    public static string RunTable(IReadOnlyList<JobRun> runs)
    {
        if (runs.Count == 0)
        {
            return "<p>No runs yet. Start one from <a href=\"/retrain\">Retrain</a> or the ingestion form below.</p>";
        }

        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            var waiting = run.State == RunState.Queued && run.Kind == RunKinds.Train
                ? runs.Where(r => r.Kind == RunKinds.Train && r.Store == run.Store && r.State == RunState.Running).Select(r => r.Id).FirstOrDefault()
                : null;
            var stage = waiting is null ? E(run.Stage ?? run.Error) : $"waiting for {E(waiting)} (one training run per store)";
            var actions = run.IsFinished
                ? run.State is RunState.Failed or RunState.Cancelled ? Button($"/jobs/{run.Id}/retry", "retry") : ""
                : Button($"/jobs/{run.Id}/cancel", "cancel");
            rows.Append($"""
                <tr data-run="{E(run.Id)}" data-state="{run.State.ToString().ToLowerInvariant()}">
                <td><a href="/jobs/{E(run.Id)}">{E(run.Id)}</a></td><td>{E(run.Kind)}</td><td>{State(run.State)}</td>
                <td><progress max="100" value="{E(run.Progress)}"></progress> {run.Progress:F0}%</td><td>{stage}</td>
                <td>{E(run.CreatedAt)}</td><td>{Duration(run.Duration)}</td><td>{actions}</td></tr>
                """);
        }

        return $"""
            <h2>Runs</h2>
            <table id="runs"><thead><tr><th>Run</th><th>Kind</th><th>State</th><th>Progress</th><th>Stage</th><th>Queued at</th><th>Time</th><th></th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }

    private static string ScheduleTable(IReadOnlyList<ScheduleStatus> schedules)
    {
        var rows = new StringBuilder();
        foreach (var s in schedules)
        {
            var pause = s.Paused ? Button($"/schedules/{s.Schedule.Id}/resume", "resume") : Button($"/schedules/{s.Schedule.Id}/pause", "pause");
            rows.Append($"""
                <tr data-schedule="{E(s.Schedule.Id)}"><td>{E(s.Schedule.Name)}</td><td><code>{E(s.Schedule.Cron)}</code></td><td>{E(s.Schedule.Store)}</td>
                <td>{(s.Paused ? "paused" : E(s.NextFire))}</td><td>{E(s.PreviousFire)}</td>
                <td>{pause} {Button($"/schedules/{s.Schedule.Id}/trigger", "run now")} {Button($"/schedules/{s.Schedule.Id}/delete", "delete")}</td></tr>
                """);
        }

        var table = schedules.Count == 0
            ? "<p>No re-ingestion schedules. Add one with the form below (give a cron expression).</p>"
            : $"<table><thead><tr><th>Schedule</th><th>Cron</th><th>Store</th><th>Next run</th><th>Last run</th><th></th></tr></thead><tbody>{rows}</tbody></table>";
        return $"<h2 id=\"schedules\">Re-ingestion schedules</h2>{table}";
    }

    private static readonly (string Name, string Label)[] IngestFiles =
    [
        ("primekg", "PrimeKG kg.csv"), ("nodes", "Node table"), ("edges", "Edge list"), ("metaedges", "Metaedges"),
        ("gct", "Level-5 GCT/GCTX"), ("siginfo", "siginfo"), ("geneinfo", "geneinfo"), ("pertinfo", "pertinfo"), ("cellinfo", "cellinfo"),
        ("signatureTable", "Signature table"), ("pairedTable", "Paired table"), ("baseline", "Baseline table"),
    ];

    private static string IngestForm(string store, IReadOnlyDictionary<string, string[]> errors, IFormCollection? form)
    {
        string V(string name, string? fallback = null) => form?[name].ToString() is { Length: > 0 } v ? v : fallback ?? "";
        var files = string.Concat(IngestFiles.Select(f => Field(f.Name, f.Label, V(f.Name), errors, hint: "path on the server; several separated by commas")));
        return $"""
            <h2 id="ingest">Ingest or schedule re-ingestion</h2>
            {Errors("inputs", errors)}
            <form method="post" action="/ingest" class="stack">
            {Field("store", "Store", V("store", store), errors)}
            {Field("dataset", "Dataset name", V("dataset", "default"), errors, hint: "loading a dataset again replaces what it loaded before")}
            {files}
            {Field("name", "Schedule name", V("name"), errors, hint: "only for a schedule")}
            {Field("cron", "Cron (Quartz)", V("cron"), errors, hint: "empty: ingest once now; e.g. 0 0 3 ? * SUN for Sundays at 03:00")}
            <span></span><button type="submit">Ingest / schedule</button>
            </form>
            """;
    }

    private static async Task Ingest(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string[] List(string name) => form[name].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new IngestOptions
        {
            Dataset = form["dataset"].ToString().Trim(),
            PrimeKg = List("primekg"), NodeTables = List("nodes"), EdgeLists = List("edges"),
            Metaedges = List("metaedges").FirstOrDefault(),
            Matrices = List("gct"), SigInfo = List("siginfo"), GeneInfo = List("geneinfo"), PertInfo = List("pertinfo"), CellInfo = List("cellinfo"),
            SignatureTables = List("signatureTable"), PairedTables = List("pairedTable"), Baselines = List("baseline"),
        };
        var store = form["store"].ToString().Trim();
        var cron = form["cron"].ToString().Trim();
        try
        {
            if (cron.Length == 0)
            {
                var run = await mediator.Send(new StartIngestion(store, options), context.RequestAborted);
                context.Response.Redirect($"/jobs/{run.Id}");
            }
            else
            {
                await mediator.Send(new ScheduleReingestion(form["name"].ToString().Trim(), cron, store, options), context.RequestAborted);
                context.Response.Redirect("/jobs#schedules");
            }
        }
        catch (ValidationException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Layout.Write(context, "Ingest", "<p class=\"error\">Please correct the marked fields.</p>" + IngestForm(server.Store.ToString(), Dispatch.Fields(e), form),
                token.SignedIn(context.Request));
        }
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
            await Layout.Write(context, "No such run", $"<p class=\"error\">{E(e.Message)}</p><p><a href=\"/jobs\">All runs</a></p>", token.SignedIn(context.Request));
            return;
        }

        var queued = context.Request.Query["queued"].ToString();
        var notice = queued.Length > 0 && run.State == RunState.Queued
            ? $"<p class=\"notice\" id=\"queued-notice\">Queued: another training run on this store is running ({E(queued)}); this one starts when it ends.</p>"
            : "";
        var actions = run.IsFinished
            ? run.State is RunState.Failed or RunState.Cancelled ? Button($"/jobs/{run.Id}/retry", "retry") : ""
            : Button($"/jobs/{run.Id}/cancel", "cancel");
        var report = run.Kind == RunKinds.Train && run.State == RunState.Succeeded ? $"<p><a id=\"metrics-link\" href=\"/runs/{E(run.Id)}\">Metrics and report</a></p>" : "";
        var body = $"""
            {notice}
            <table class="facts">
            <tr><th>State</th><td id="run-state">{State(run.State)}</td></tr>
            <tr><th>Progress</th><td><progress max="100" value="{E(run.Progress)}"></progress> {run.Progress:F0}% {E(run.Stage)}</td></tr>
            <tr><th>Kind</th><td>{E(run.Kind)}</td></tr><tr><th>Store</th><td>{E(run.Store)}</td></tr>
            <tr><th>Queued</th><td>{E(run.CreatedAt)}</td></tr><tr><th>Started</th><td>{E(run.StartedAt)}</td></tr>
            <tr><th>Finished</th><td>{E(run.FinishedAt)}</td></tr><tr><th>Time</th><td>{Duration(run.Duration)}</td></tr>
            <tr><th>Host</th><td>{E(run.Host)}</td></tr><tr><th>Attempt</th><td>{run.Attempt}{(run.RetryOf is null ? "" : $" (retry of <a href=\"/jobs/{E(run.RetryOf)}\">{E(run.RetryOf)}</a>)")}</td></tr>
            <tr><th>Error</th><td class="error">{E(run.Error)}</td></tr>
            </table>
            <p>{actions}</p>
            {report}
            <h2>Log</h2><pre class="log" id="log">{E(run.LogTail)}</pre>
            <h2>Parameters</h2><pre>{E(run.Parameters)}</pre>
            <h2>Result</h2><pre id="result">{E(run.Result)}</pre>
            """;
        await Layout.Write(context, $"Run {run.Id}", body, token.SignedIn(context.Request), run.IsFinished ? null : 2);
    }

    private static async Task Act(HttpContext context, IRequest<JobRun> request, string? stayOn)
    {
        var run = await Send(context, request);
        if (run is not null)
        {
            context.Response.Redirect($"/jobs/{stayOn ?? run.Id}");
        }
    }

    // Sends a page action; on failure writes an error page and returns default.
    private static async Task<T?> Send<T>(HttpContext context, IRequest<T> request)
    {
        var mediator = context.RequestServices.GetRequiredService<IMediator>();
        var token = context.RequestServices.GetRequiredService<AdminToken>();
        try
        {
            return await mediator.Send(request, context.RequestAborted);
        }
        catch (Exception e) when (e is NotFoundException or InvalidOperationException or ValidationException or ArgumentException)
        {
            context.Response.StatusCode = e switch
            {
                NotFoundException => StatusCodes.Status404NotFound,
                InvalidOperationException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            var message = e is ValidationException v ? string.Join(" ", v.Errors.Select(f => f.ErrorMessage)) : e.Message;
            await Layout.Write(context, "Not done", $"<p class=\"error\">{E(message)}</p><p><a href=\"/jobs\">Back to jobs</a></p>", token.SignedIn(context.Request));
            return default;
        }
    }
}
