using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// The Hangfire jobs: each receives a run id (or a schedule id), never a payload; the registry holds the parameters.
/// One method per kind, so the dashboard names what a job does. Hangfire never retries them on an exception (a
/// failed run is a person's decision to retry); what a crash cut short is handled by <see cref="RunRecovery"/>.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class RunJobs(RunExecutor executor, RunRegistry registry, JobQueue queue, ILogger<RunJobs> logger)
{
    [DisplayName("train {0}")]
    public Task Train(string runId, PerformContext? context, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(runId, context?.BackgroundJob.Id, cancellationToken);

    [DisplayName("ingest {0}")]
    public Task Ingest(string runId, PerformContext? context, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(runId, context?.BackgroundJob.Id, cancellationToken);

    [DisplayName("write-back {0}")]
    public Task WriteBack(string runId, PerformContext? context, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(runId, context?.BackgroundJob.Id, cancellationToken);

    /// <summary>A schedule firing: the firing's job is itself the re-ingestion run (created on its first execution).</summary>
    [DisplayName("re-ingest (schedule {0})")]
    public async Task Reingest(string scheduleId, PerformContext? context, CancellationToken cancellationToken)
    {
        var schedule = await registry.GetScheduleAsync(scheduleId, cancellationToken);
        if (schedule is null)
        {
            logger.LogWarning("Schedule {ScheduleId} is gone; nothing to re-ingest", scheduleId);
            return;
        }

        var jobId = context?.BackgroundJob.Id;
        var run = (jobId is null ? null : await registry.FindByJobIdAsync(jobId, cancellationToken))
            ?? await queue.RecordAsync(RunKinds.Reingest, schedule.Store, schedule.Parameters, jobId, schedule.Id, cancellationToken);
        logger.LogInformation("Schedule {ScheduleId} ({Name}) fired: re-ingestion run {RunId}", scheduleId, schedule.Name, run.Id);
        await executor.ExecuteAsync(run.Id, jobId, cancellationToken);
    }
}
