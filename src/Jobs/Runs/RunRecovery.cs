using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// What happens to a run its host could not finish (a crash, a kill, a shutdown): it is marked failed with the
/// reason; an ingestion (atomic, idempotent) is queued again as a new attempt, a training run never is.
/// </summary>
public sealed class RunRecovery(RunRegistry registry, Lazy<JobQueue> queue, JobsOptions options, ILogger<RunRecovery> logger)
{
    /// <summary>Marks orphaned runs failed: those this host left running before it restarted, and those whose host went quiet.</summary>
    public async Task<IReadOnlyList<JobRun>> SweepAsync(CancellationToken ct)
    {
        var orphans = await registry.FindOrphansAsync(options.HostId, options.OrphanAfter, ct);
        foreach (var orphan in orphans)
        {
            var reason = orphan.Host == options.HostId
                ? $"Orphaned: host {orphan.Host} stopped while the run was running (last heartbeat {orphan.Heartbeat:u})."
                : $"Orphaned: host {orphan.Host} has not reported since {orphan.Heartbeat:u}.";
            await RecoverAsync(orphan, reason, ct);
        }

        return orphans;
    }

    public async Task RecoverAsync(JobRun run, string reason, CancellationToken ct)
    {
        var retry = RunKinds.RetriesAfterCrash(run.Kind) && run.Attempt < options.MaxIngestAttempts;
        var tail = run.LogTail + (run.LogTail.Length > 0 ? "\n" : "") + reason;
        if (!await registry.FinishAsync(run.Id, RunState.Failed, null, reason, tail, ct))
        {
            return;
        }

        logger.LogWarning("Run {RunId} ({Kind}) failed: {Reason}", run.Id, run.Kind, reason);
        if (retry)
        {
            var next = await queue.Value.SubmitAsync(run.Kind, run.Store, run.Parameters, ct, retryOf: run, scheduleId: run.ScheduleId);
            logger.LogInformation("Ingestion run {RunId} queued again as {NewRunId} (attempt {Attempt})", run.Id, next.Id, next.Attempt);
        }
    }
}
