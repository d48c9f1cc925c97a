using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// How background jobs run: where the run registry and Hangfire's tables live, who this process is, and how its
/// Hangfire server fetches and watches jobs.
/// </summary>
public sealed record JobsOptions
{
    /// <summary>
    /// The run registry: SQLite for the embedded default, PostgreSQL in server mode. Hangfire keeps its jobs in the same
    /// PostgreSQL database (schema <c>hangfire</c>), or in a SQLite file beside the registry's (<see cref="JobDatabase.HangfireFile"/>).
    /// </summary>
    public required JobDatabase Database { get; init; }

    /// <summary>Where run folders go (training checkpoints, metrics.json, report.html): DataDirectory/runs/RUN-ID.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>This process's name in the registry; a process restarting under the same name knows its unfinished runs were cut short.</summary>
    public string HostId { get; init; } = Environment.MachineName;

    /// <summary>Hangfire workers in this process: runs executing here at once (training is also one per store).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>False for a process that only enqueues and shows jobs (a web front without workers).</summary>
    public bool RunsServer { get; init; } = true;

    /// <summary>How often a running job records progress, checks for a cancel request and keeps its queue entry fetched.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A running run whose process has been silent this long is orphaned.</summary>
    public TimeSpan OrphanAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts an ingestion gets when crashes cut it short (training gets one).</summary>
    public int MaxIngestAttempts { get; init; } = 3;

    /// <summary>
    /// After this long without a keep-alive, Hangfire hands a fetched job to another worker. PostgreSQL slides it while
    /// the job runs; for SQLite, which cannot, the run's heartbeat refreshes the fetch time itself.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle worker looks for new jobs (SQLite; PostgreSQL is woken by NOTIFY and polls as a fallback).</summary>
    public TimeSpan QueuePollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often delayed jobs (a training run waiting for its store) and cron schedules are checked.</summary>
    public TimeSpan SchedulePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a training run waits before it looks again whether its store is free.</summary>
    public TimeSpan TrainingRecheck { get; init; } = TimeSpan.FromSeconds(2);
}
