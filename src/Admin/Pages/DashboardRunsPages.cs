using System.Text;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using PerturbKG.Jobs.Runs;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>
/// The "Runs" pages inside the Hangfire Dashboard (/hangfire/runs): every run with its progress bar, stage and last
/// log lines, and one run's full record (parameters, log, result). Job control — delete (cancel), requeue (retry) —
/// stays on Hangfire's own job pages, which these link to.
/// </summary>
internal static class DashboardRunsPages
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Adds the pages and the menu item to Hangfire's (process-wide) route table, once.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            DashboardRoutes.Routes.AddRazorPage("/runs", _ => new ListPage());
            DashboardRoutes.Routes.AddRazorPage("/runs/(?<id>run-[A-Za-z0-9-]+)", match => new RunPage(match.Groups["id"].Value));
            NavigationMenu.Items.Add(page => new MenuItem("Runs", page.Url.To("/runs")) { Active = page.RequestPath.StartsWith("/runs", StringComparison.Ordinal) });
            _registered = true;
        }
    }

    private static RunRegistry Registry(RazorPage page) => page.Context.GetHttpContext().RequestServices.GetRequiredService<RunRegistry>();

    private static string Progress(JobRun run) =>
        $"<div class=\"progress\" style=\"margin:0;min-width:8rem\"><div class=\"progress-bar{(run.State == RunState.Running ? " progress-bar-striped active" : "")}\" role=\"progressbar\" " +
        $"aria-valuenow=\"{run.Progress:F0}\" aria-valuemin=\"0\" aria-valuemax=\"100\" style=\"width:{run.Progress:F0}%\"></div></div><small>{run.Progress:F0}%</small>";

    private static string StateLabel(RunState state) => state switch
    {
        RunState.Running => "label label-primary",
        RunState.Succeeded => "label label-success",
        RunState.Failed => "label label-danger",
        RunState.Cancelled => "label label-warning",
        _ => "label label-default",
    };

    private static string Badge(JobRun run) => $"<span class=\"{StateLabel(run.State)} run-state\">{run.State.ToString().ToLowerInvariant()}</span>";

    private static string JobLink(RazorPage page, JobRun run) =>
        run.JobId is null ? "" : $"<a class=\"job-link\" href=\"{E(page.Url.JobDetails(run.JobId))}\">job #{E(run.JobId)}</a>";

    // Live pages reload themselves while something runs (the dashboard has no push for custom pages).
    private const string Reload = "<script>setTimeout(function () { if (!document.hidden) { location.reload(); } }, 2000);</script>";

    private sealed class ListPage : RazorPage
    {
        public override void Execute()
        {
            Layout = new LayoutPage("Runs");
            var runs = Registry(this).ListAsync(100, null, CancellationToken.None).GetAwaiter().GetResult();
            var rows = new StringBuilder();
            foreach (var run in runs)
            {
                var waiting = run.State == RunState.Queued && run.Kind == RunKinds.Train
                    ? runs.Where(r => r.Kind == RunKinds.Train && r.Store == run.Store && r.State == RunState.Running).Select(r => r.Id).FirstOrDefault()
                    : null;
                var stage = waiting is null ? E(run.Stage ?? run.Error) : $"waiting for <a href=\"{E(Url.To($"/runs/{waiting}"))}\">{E(waiting)}</a> (one training run per store)";
                var tail = run.IsFinished ? "" : string.Join('\n', run.LogTail.Split('\n').TakeLast(3));
                rows.Append($"""
                    <tr data-run="{E(run.Id)}" data-state="{run.State.ToString().ToLowerInvariant()}">
                    <td><a href="{E(Url.To($"/runs/{run.Id}"))}">{E(run.Id)}</a><br><small>{JobLink(this, run)}</small></td>
                    <td>{E(run.Kind)}</td><td>{Badge(run)}</td><td>{Progress(run)}</td>
                    <td>{stage}{(tail.Length == 0 ? "" : $"<pre class=\"log-tail\" style=\"margin:.3rem 0 0;font-size:11px;max-height:5rem;overflow:auto\">{E(tail)}</pre>")}</td>
                    <td>{E(run.CreatedAt)}</td><td>{Duration(run.Duration)}</td></tr>
                    """);
            }

            var table = runs.Count == 0
                ? "<p class=\"alert alert-info\">No runs yet. Start one from the admin page's Retrain form, the ingestion form, the API or the CLI.</p>"
                : $"""
                  <table class="table table-condensed" id="runs"><thead><tr><th>Run</th><th>Kind</th><th>State</th><th style="width:12rem">Progress</th><th>Stage and last log lines</th><th>Queued at</th><th>Time</th></tr></thead>
                  <tbody>{rows}</tbody></table>
                  """;
            WriteLiteral($"""
                <div class="row"><div class="col-md-12">
                <h1 class="page-header">Runs</h1>
                <p>PerturbKG's runs as its registry records them. To cancel a run, delete its job; to run a failed or cancelled one again, requeue its job.
                Metrics and reports of training runs: <a href="{E(AppPath)}">the admin pages</a>.</p>
                {table}
                </div></div>
                {(runs.Any(r => !r.IsFinished) ? Reload : "")}
                """);
        }
    }

    private sealed class RunPage(string id) : RazorPage
    {
        public override void Execute()
        {
            var run = Registry(this).GetAsync(id, CancellationToken.None).GetAwaiter().GetResult();
            Layout = new LayoutPage(run is null ? "No such run" : $"Run {id}");
            if (run is null)
            {
                Context.Response.StatusCode = 404;
                WriteLiteral($"<h1 class=\"page-header\">No such run</h1><p class=\"alert alert-warning\">There is no run {E(id)} in the registry.</p>");
                return;
            }

            var metrics = run.Kind == RunKinds.Train && run.State == RunState.Succeeded
                ? $"<p><a id=\"metrics-link\" href=\"{E(AppPath)}/{E(run.Id)}\">Metrics and report</a></p>"
                : "";
            var retry = run.RetryOf is null ? "" : $" (retry of <a href=\"{E(Url.To($"/runs/{run.RetryOf}"))}\">{E(run.RetryOf)}</a>)";
            WriteLiteral($"""
                <div class="row"><div class="col-md-12">
                <h1 class="page-header">Run {E(run.Id)}</h1>
                <table class="table table-condensed facts" style="max-width:60rem">
                <tr><th>State</th><td id="run-state">{Badge(run)} {JobLink(this, run)}</td></tr>
                <tr><th>Progress</th><td>{Progress(run)} <span id="run-stage">{E(run.Stage)}</span></td></tr>
                <tr><th>Kind</th><td>{E(run.Kind)}</td></tr><tr><th>Store</th><td>{E(run.Store)}</td></tr>
                <tr><th>Queued</th><td>{E(run.CreatedAt)}</td></tr><tr><th>Started</th><td>{E(run.StartedAt)}</td></tr>
                <tr><th>Finished</th><td>{E(run.FinishedAt)}</td></tr><tr><th>Time</th><td>{Duration(run.Duration)}</td></tr>
                <tr><th>Host</th><td>{E(run.Host)}</td></tr><tr><th>Attempt</th><td>{run.Attempt}{retry}</td></tr>
                <tr><th>Error</th><td class="text-danger" id="run-error">{E(run.Error)}</td></tr>
                </table>
                {metrics}
                <h3>Log</h3><pre id="log" style="max-height:28rem;overflow:auto">{E(run.LogTail)}</pre>
                <h3>Parameters</h3><pre>{E(run.Parameters)}</pre>
                <h3>Result</h3><pre id="result">{E(run.Result)}</pre>
                </div></div>
                {(run.IsFinished ? "" : Reload)}
                """);
        }
    }
}
