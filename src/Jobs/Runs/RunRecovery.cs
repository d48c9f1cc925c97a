using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// What happens to a run whose process could not finish it (a crash, a kill, a shutdown). A training run is marked
/// failed with the reason and its Hangfire job failed with it: training is never re-run automatically. An ingestion
/// (atomic and idempotent) goes back into the queue as its next attempt, up to <see cref="JobsOptions.MaxIngestAttempts"/>.
/// </summary>
public sealed class RunRecovery(RunRegistry registry, Lazy<JobQueue> queue, JobsOptions options, ILogger<RunRecovery> logger)
{
    /// <summary>
    /// A run of this host that has not reported for this long belongs to an earlier process under the same name (three
    /// default heartbeats; a live process with the same name, a misconfiguration, would have reported).
    /// </summary>
    public static readonly TimeSpan HostQuietFor = TimeSpan.FromSeconds(3);

    /// <summary>
    /// At start: recovers the runs an earlier process of this host left running, waiting until their heartbeat is
    /// <see cref="HostQuietFor"/> old when the restart came sooner than that.
    /// </summary>
    public async Task<IReadOnlyList<JobRun>> SweepAtStartAsync(CancellationToken ct)
    {
        var orphans = new List<JobRun>(await SweepAsync(ct));
        var deadline = DateTimeOffset.UtcNow + HostQuietFor + TimeSpan.FromSeconds(1);
        while (DateTimeOffset.UtcNow < deadline && (await registry.RunningOnHostAsync(options.HostId, ct)).Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            orphans.AddRange(await SweepAsync(ct));
        }

        return orphans;
    }

    /// <summary>Recovers orphaned runs: those this host left running before it restarted, and those whose host went quiet.</summary>
    public async Task<IReadOnlyList<JobRun>> SweepAsync(CancellationToken ct)
    {
        var orphans = await registry.FindOrphansAsync(options.HostId, HostQuietFor, options.OrphanAfter, ct);
        foreach (var orphan in orphans)
        {
            await RecoverAsync(orphan, OrphanReason(orphan, orphan.Host == options.HostId), ct);
        }

        return orphans;
    }

    /// <summary>Why a run is orphaned: its own host restarted, or its host went quiet.</summary>
    public static string OrphanReason(JobRun run, bool hostRestarted) => hostRestarted
        ? $"Orphaned: host {run.Host} stopped while the run was running (last heartbeat {run.Heartbeat:u})."
        : $"Orphaned: host {run.Host} has not reported since {run.Heartbeat:u}.";

    /// <summary>
    /// Fails the run or reopens it as its next attempt. With <paramref name="changeJob"/>, its Hangfire job follows
    /// (failed, or enqueued again); a job that is executing the recovery itself leaves its own state to Hangfire.
    /// </summary>
    public async Task RecoverAsync(JobRun run, string reason, CancellationToken ct, bool changeJob = true)
    {
        var tail = run.LogTail + (run.LogTail.Length > 0 ? "\n" : "") + reason;
        if (RunKinds.RetriesAfterCrash(run.Kind) && run.Attempt < options.MaxIngestAttempts)
        {
            if (!await registry.ReopenAsync(run.Id, $"{reason} Attempt {run.Attempt + 1} of {options.MaxIngestAttempts} queued.", [RunState.Running], ct))
            {
                return;
            }

            logger.LogWarning("Run {RunId} ({Kind}) queued again as attempt {Attempt}: {Reason}", run.Id, run.Kind, run.Attempt + 1, reason);
            if (changeJob)
            {
                await queue.Value.RequeueJobAsync(run, reason, ct);
            }

            return;
        }

        if (!await registry.FinishAsync(run.Id, RunState.Failed, null, reason, tail, ct))
        {
            return;
        }

        logger.LogWarning("Run {RunId} ({Kind}) failed: {Reason}", run.Id, run.Kind, reason);
        if (changeJob)
        {
            queue.Value.FailJob(run, reason);
        }
    }
}
