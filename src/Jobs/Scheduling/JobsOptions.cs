using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>How background jobs run: where their registry and scheduler tables live, and who this host is.</summary>
public sealed record JobsOptions
{
    /// <summary>The registry and Quartz tables: SQLite for the embedded default, PostgreSQL in server mode.</summary>
    public required JobDatabase Database { get; init; }

    /// <summary>Where run folders go (training checkpoints, metrics.json, report.html): DataDirectory/runs/RUN-ID.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>This host's name in the registry; a host restarting under the same name knows its unfinished runs were cut short.</summary>
    public string HostId { get; init; } = Environment.MachineName;

    /// <summary>The scheduler's name: hosts sharing a database and this name share jobs.</summary>
    public string SchedulerName { get; init; } = "perturbkg";

    /// <summary>How often a running job records progress and checks for a cancel request.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A running run whose host has been silent this long is orphaned.</summary>
    public TimeSpan OrphanAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts an ingestion gets when crashes cut it short (training gets one).</summary>
    public int MaxIngestAttempts { get; init; } = 3;

    /// <summary>Runs executing at once on this host (training is also one per store).</summary>
    public int MaxConcurrentRuns { get; init; } = 2;
}
