using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Server;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Predictions;

namespace PerturbKG.Admin.Api;

/// <summary>
/// The JSON API for background work, mirroring the CLI: runs (list, show, cancel, retry), ingest, train, write-back,
/// schedules. Stores are named ("default" or an extra store), input files must lie under the server's data roots.
/// </summary>
internal static class JobsApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        // Run records hold parameters (paths), errors and logs: whole for the signed-in, reduced for anyone else.
        api.MapGet("/runs", (HttpContext c, AdminToken token, string? kind, int? limit) =>
            Dispatch.Api(c, new ListJobRuns(kind, limit ?? 50), runs => token.SignedIn(c.Request) ? Results.Ok(runs) : Results.Ok(runs.Select(PublicRun.Of))));
        api.MapGet("/runs/{id}", (HttpContext c, AdminToken token, string id) =>
            Dispatch.Api(c, new GetJobRun(id), run => token.SignedIn(c.Request) ? Results.Ok(run) : Results.Ok(PublicRun.Of(run))));
        api.MapPost("/runs/{id}/cancel", (HttpContext c, string id) => Dispatch.Api(c, new CancelRun(id)));
        api.MapPost("/runs/{id}/retry", (HttpContext c, string id) =>
            Dispatch.Api(c, new RetryRun(id), run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapPost("/train", (HttpContext c, RetrainInput input, InputConfinement confine) =>
            Dispatch.Api(c, () => new StartTraining(confine.Store(input.Store), input.ToOptions()), started =>
                Results.Accepted($"/api/runs/{started.Run.Id}", new
                {
                    run = started.Run,
                    queued = started.Waits,
                    ahead = started.Ahead.Select(r => r.Id),
                    message = started.Waits
                        ? $"Queued behind {started.Ahead.Count} training run(s) on this store ({string.Join(", ", started.Ahead.Select(r => r.Id))}); it starts when they end."
                        : "Started.",
                })));
        api.MapPost("/ingest", (HttpContext c, IngestBody body, InputConfinement confine) =>
            Dispatch.Api(c, () => new StartIngestion(confine.Store(body.Store), confine.Confine(body.Options ?? new IngestOptions())),
                run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapPost("/write-back", (HttpContext c, WriteBackBody body, InputConfinement confine) =>
            Dispatch.Api(c, () => new StartWriteBack(confine.Store(body.Store), body.Run ?? "", body.Options ?? new WriteBackOptions()),
                run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapGet("/schedules", (HttpContext c, CancellationToken _) => Dispatch.Api(c, new ListSchedules()));
        api.MapPost("/schedules", (HttpContext c, ScheduleBody body, InputConfinement confine) =>
            Dispatch.Api(c, () => new ScheduleReingestion(body.Name ?? "", body.Cron ?? "", confine.Store(body.Store), confine.Confine(body.Options ?? new IngestOptions())),
                schedule => Results.Created($"/api/schedules/{schedule.Id}", schedule)));
        api.MapPost("/schedules/{id}/{action}", (HttpContext c, string id, string action) => Dispatch.Api(c, new ChangeSchedule(id, action)));
        api.MapDelete("/schedules/{id}", (HttpContext c, string id) => Dispatch.Api(c, new ChangeSchedule(id, "delete")));
    }

    public sealed record IngestBody(string? Store, IngestOptions? Options);

    /// <summary>What anyone may see of a run: where it is, not what it read or said.</summary>
    public sealed record PublicRun(string Id, string Kind, PerturbKG.Jobs.Runs.RunState State, double Progress, string? Stage, int Attempt,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
    {
        public static PublicRun Of(PerturbKG.Jobs.Runs.JobRun run) =>
            new(run.Id, run.Kind, run.State, run.Progress, run.Stage, run.Attempt, run.CreatedAt, run.StartedAt, run.FinishedAt);
    }

    public sealed record WriteBackBody(string? Store, string? Run, WriteBackOptions? Options);

    public sealed record ScheduleBody(string? Name, string? Cron, string? Store, IngestOptions? Options);
}
