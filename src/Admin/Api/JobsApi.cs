using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Server;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Predictions;

namespace PerturbKG.Admin.Api;

/// <summary>The JSON API for background work, mirroring the CLI: runs (list, show, cancel, retry), ingest, train, write-back, schedules.</summary>
public static class JobsApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/runs", (HttpContext c, string? kind, int? limit) => Dispatch.Api(c, new ListJobRuns(kind, limit ?? 50)));
        api.MapGet("/runs/{id}", (HttpContext c, string id) => Dispatch.Api(c, new GetJobRun(id)));
        api.MapPost("/runs/{id}/cancel", (HttpContext c, string id) => Dispatch.Api(c, new CancelRun(id)));
        api.MapPost("/runs/{id}/retry", (HttpContext c, string id) =>
            Dispatch.Api(c, new RetryRun(id), run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapPost("/train", (HttpContext c, RetrainInput input, ServerOptions server) =>
            Dispatch.Api(c, new StartTraining(input.Store ?? server.Store.ToString(), input.ToOptions()), started =>
                Results.Accepted($"/api/runs/{started.Run.Id}", new
                {
                    run = started.Run,
                    queued = started.Waits,
                    ahead = started.Ahead.Select(r => r.Id),
                    message = started.Waits
                        ? $"Queued behind {started.Ahead.Count} training run(s) on this store ({string.Join(", ", started.Ahead.Select(r => r.Id))}); it starts when they end."
                        : "Started.",
                })));
        api.MapPost("/ingest", (HttpContext c, IngestBody body, ServerOptions server) =>
            Dispatch.Api(c, new StartIngestion(body.Store ?? server.Store.ToString(), body.Options ?? new IngestOptions()),
                run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapPost("/write-back", (HttpContext c, WriteBackBody body, ServerOptions server) =>
            Dispatch.Api(c, new StartWriteBack(body.Store ?? server.Store.ToString(), body.Run ?? "", body.Options ?? new WriteBackOptions()),
                run => Results.Accepted($"/api/runs/{run.Id}", run)));
        api.MapGet("/schedules", (HttpContext c, CancellationToken _) => Dispatch.Api(c, new ListSchedules()));
        api.MapPost("/schedules", (HttpContext c, ScheduleBody body, ServerOptions server) =>
            Dispatch.Api(c, new ScheduleReingestion(body.Name ?? "", body.Cron ?? "", body.Store ?? server.Store.ToString(), body.Options ?? new IngestOptions()),
                schedule => Results.Created($"/api/schedules/{schedule.Id}", schedule)));
        api.MapPost("/schedules/{id}/{action}", (HttpContext c, string id, string action) => Dispatch.Api(c, new ChangeSchedule(id, action)));
        api.MapDelete("/schedules/{id}", (HttpContext c, string id) => Dispatch.Api(c, new ChangeSchedule(id, "delete")));
    }

    public sealed record IngestBody(string? Store, IngestOptions? Options);

    public sealed record WriteBackBody(string? Store, string? Run, WriteBackOptions? Options);

    public sealed record ScheduleBody(string? Name, string? Cron, string? Store, IngestOptions? Options);
}
