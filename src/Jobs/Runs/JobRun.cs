namespace PerturbKG.Jobs.Runs;

/// <summary>One background run as the registry records it: what it does, where it is, and how it ended.</summary>
public sealed record JobRun
{
    public required string Id { get; init; }

    /// <summary>ingest, train, write-back or reingest (see <see cref="RunKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The store it works on (sqlite:PATH or bolt://...).</summary>
    public required string Store { get; init; }

    /// <summary>The run's parameters as JSON (ingest or training options, write-back settings).</summary>
    public required string Parameters { get; init; }

    public RunState State { get; init; } = RunState.Queued;

    /// <summary>0 to 100.</summary>
    public double Progress { get; init; }

    public string? Stage { get; init; }

    /// <summary>The last lines the run logged.</summary>
    public string LogTail { get; init; } = "";

    /// <summary>The run's result as JSON (metrics for training, counts for ingestion and write-back).</summary>
    public string? Result { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When the host running it last said it was alive.</summary>
    public DateTimeOffset? Heartbeat { get; init; }

    /// <summary>The host (scheduler instance) running it.</summary>
    public string? Host { get; init; }

    public int Attempt { get; init; } = 1;

    public string? RetryOf { get; init; }

    public string? ScheduleId { get; init; }

    public bool CancelRequested { get; init; }

    /// <summary>The run folder (training: checkpoints, metrics.json, report.html).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The Hangfire job that executes it (the dashboard's /hangfire/jobs/details/JOB-ID).</summary>
    public string? JobId { get; init; }

    public bool IsFinished => State is RunState.Succeeded or RunState.Failed or RunState.Cancelled;

    public TimeSpan? Duration => StartedAt is { } start ? (FinishedAt ?? DateTimeOffset.UtcNow) - start : null;
}

/// <summary>Where a run is in its life.</summary>
public enum RunState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The kinds of background work.</summary>
public static class RunKinds
{
    public const string Ingest = "ingest";
    public const string Train = "train";
    public const string WriteBack = "write-back";
    public const string Reingest = "reingest";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Ingest, Train, WriteBack, Reingest]);

    /// <summary>Ingestion is atomic and idempotent, so a run cut short by a crash may run again; training never does.</summary>
    public static bool RetriesAfterCrash(string kind) => kind is Ingest or Reingest;
}
