using Hangfire;
using Hangfire.Storage;

namespace PerturbKG.Admin.Jobs;

/// <summary>
/// Whether Hangfire accepts a cron expression (5 fields, or 6 with seconds first; Hangfire's own parser, which is not
/// public, so the check asks a recurring job manager over a storage that is never reached: the expression is checked first).
/// </summary>
internal static class CronCheck
{
    private static readonly RecurringJobManager Probe = new(new NoStorage());

    public static bool IsValid(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return false;
        }

        try
        {
            Probe.AddOrUpdate("cron-check", () => Console.Out.Flush(), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (ReachedStorage)
        {
            return true;
        }

        return true;
    }

    private sealed class ReachedStorage : Exception;

    private sealed class NoStorage : JobStorage
    {
        public override IMonitoringApi GetMonitoringApi() => throw new ReachedStorage();

        public override IStorageConnection GetConnection() => throw new ReachedStorage();
    }
}
