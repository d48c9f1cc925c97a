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

/// <summary>
/// Ingestion and re-ingestion schedules: the form that ingests now or on a cron schedule, and the schedules with pause,
/// resume and delete. Runs themselves are followed and controlled in the Hangfire Dashboard (/hangfire/runs).
/// </summary>
internal static class SchedulesPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/schedules", Page);
        app.MapPost("/ingest", Ingest);
        app.MapPost("/schedules/{id}/{action}", async (HttpContext c, string id, string action) =>
        {
            if (action == "trigger")
            {
                c.Response.StatusCode = StatusCodes.Status400BadRequest;
                await Layout.Write(c, "Not done", $"<p class=\"error\">Trigger schedules from the dashboard's <a href=\"{AdminServer.Dashboard}/recurring\">Recurring jobs</a> page.</p>",
                    c.RequestServices.GetRequiredService<AdminToken>().SignedIn(c.Request));
            }
            else if (await Send(c, new ChangeSchedule(id, action)) is not null)
            {
                c.Response.Redirect("/schedules#schedules");
            }
        });

        // The job pages of earlier versions now live in the dashboard.
        app.MapGet("/jobs", () => Results.Redirect($"{AdminServer.Dashboard}/runs"));
        app.MapGet("/jobs/{id}", (string id) => Results.Redirect($"{AdminServer.Dashboard}/runs/{Uri.EscapeDataString(id)}"));
    }

    private static async Task Page(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var schedules = await mediator.Send(new ListSchedules(), context.RequestAborted);
        var body = ScheduleTable(schedules) + IngestForm(InputConfinement.DefaultStore, NoErrors, null);
        await Layout.Write(context, "Ingest and schedules", body, token.SignedIn(context.Request));
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
                <td>{pause} {Button($"/schedules/{s.Schedule.Id}/delete", "delete")}</td></tr>
                """);
        }

        var table = schedules.Count == 0
            ? "<p>No re-ingestion schedules. Add one with the form below (give a cron expression).</p>"
            : $"<table><thead><tr><th>Schedule</th><th>Cron (UTC)</th><th>Store</th><th>Next run</th><th>Last run</th><th></th></tr></thead><tbody>{rows}</tbody></table>";
        return $"""
            <h2 id="schedules">Re-ingestion schedules</h2>{table}
            <p>Pausing removes the schedule's recurring job from Hangfire and resuming adds it back. To run one now, use
            <a href="{AdminServer.Dashboard}/recurring">Recurring jobs</a> in the dashboard ("Trigger now"); its runs show under
            <a href="{AdminServer.Dashboard}/runs">Runs</a>.</p>
            """;
    }

    private static readonly (string Group, (string Name, string Label)[] Files)[] IngestFiles =
    [
        ("Knowledge graph", [("primekg", "PrimeKG kg.csv"), ("nodes", "Node table"), ("edges", "Edge list"), ("metaedges", "Metaedges")]),
        ("LINCS L1000", [("gct", "Level-5 GCT/GCTX"), ("siginfo", "siginfo"), ("geneinfo", "geneinfo"), ("pertinfo", "pertinfo"), ("cellinfo", "cellinfo")]),
        ("Processed tables", [("signatureTable", "Signature table"), ("pairedTable", "Paired table"), ("baseline", "Baseline table")]),
    ];

    private static string IngestForm(string store, IReadOnlyDictionary<string, string[]> errors, IFormCollection? form)
    {
        string V(string name, string? fallback = null) => form?[name].ToString() is { Length: > 0 } v ? v : fallback ?? "";
        var files = string.Concat(IngestFiles.Select(g => Group(g.Group, [.. g.Files.Select(f => Field(f.Name, f.Label, V(f.Name), errors))])));
        return $"""
            <h2 id="ingest">Ingest or schedule re-ingestion</h2>
            {Errors("inputs", errors)}
            <form method="post" action="/ingest" class="stack" id="ingest-form">
            {Group("Target",
                Field("store", "Store", V("store", store), errors, hint: "by name: default, or one given with --extra-store"),
                Field("dataset", "Dataset name", V("dataset", "default"), errors, hint: "loading a dataset again replaces what it loaded before"))}
            <p class="note">Files are paths on the server under a --data-root; give several in one field separated by commas.</p>
            {files}
            {Group("Schedule",
                Field("name", "Schedule name", V("name"), errors, hint: "only for a schedule"),
                Field("cron", "Cron (UTC)", V("cron"), errors, hint: "empty: ingest once now; e.g. 0 3 * * SUN for Sundays at 03:00 UTC"))}
            {Submit("Ingest / schedule")}
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
        var cron = form["cron"].ToString().Trim();
        try
        {
            var confine = context.RequestServices.GetRequiredService<InputConfinement>();
            var store = confine.Store(form["store"].ToString().Trim());
            options = confine.Confine(options);
            if (cron.Length == 0)
            {
                var run = await mediator.Send(new StartIngestion(store, options), context.RequestAborted);
                context.Response.Redirect($"{AdminServer.Dashboard}/runs/{run.Id}");
            }
            else
            {
                await mediator.Send(new ScheduleReingestion(form["name"].ToString().Trim(), cron, store, options), context.RequestAborted);
                context.Response.Redirect("/schedules#schedules");
            }
        }
        catch (ValidationException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Layout.Write(context, "Ingest", "<p class=\"error\">Please correct the marked fields.</p>" + IngestForm(InputConfinement.DefaultStore, Dispatch.Fields(e), form),
                token.SignedIn(context.Request));
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
        catch (Exception e) when (ErrorTable.Of(e) is { Status: not StatusCodes.Status500InternalServerError } mapping)
        {
            context.Response.StatusCode = mapping.Status;
            await Layout.Write(context, "Not done", $"<p class=\"error\">{E(Dispatch.Message(e))}</p><p><a href=\"/schedules\">Back to schedules</a></p>", token.SignedIn(context.Request));
            return default;
        }
    }
}
