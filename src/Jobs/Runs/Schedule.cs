namespace PerturbKG.Jobs.Runs;

/// <summary>
/// A recurring re-ingestion: which dataset (as ingest parameters) into which store, on which cron schedule. A paused
/// schedule has no recurring job in Hangfire until it is resumed.
/// </summary>
public sealed record Schedule(string Id, string Name, string Cron, string Store, string Parameters, DateTimeOffset CreatedAt, bool Paused = false);

/// <summary>A schedule as the pages show it: with Hangfire's next and last fire times and whether it is paused.</summary>
public sealed record ScheduleStatus(Schedule Schedule, DateTimeOffset? NextFire, DateTimeOffset? PreviousFire, bool Paused);
