namespace PerturbKG.Jobs.Runs;

/// <summary>A recurring re-ingestion: which dataset (as ingest parameters) into which store, on which cron schedule.</summary>
public sealed record Schedule(string Id, string Name, string Cron, string Store, string Parameters, DateTimeOffset CreatedAt);

/// <summary>A schedule as the dashboard shows it: with the scheduler's next fire time and whether it is paused.</summary>
public sealed record ScheduleStatus(Schedule Schedule, DateTimeOffset? NextFire, DateTimeOffset? PreviousFire, bool Paused);
