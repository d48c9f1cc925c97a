using Microsoft.Data.Sqlite;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>Keeps a running job's queue entry fetched, so Hangfire does not hand it to a second worker while it runs.</summary>
public interface IQueueKeepAlive
{
    Task TouchAsync(string jobId, CancellationToken ct);
}

/// <summary>PostgreSQL storage slides the invisibility timeout itself (UseSlidingInvisibilityTimeout).</summary>
public sealed class SlidingQueueKeepAlive : IQueueKeepAlive
{
    public Task TouchAsync(string jobId, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Hangfire.Storage.SQLite has no sliding invisibility: a job running longer than the timeout is fetched again. The
/// run's heartbeat moves the fetch time of its queue entry forward instead (table <c>JobQueue</c>, <c>FetchedAt</c> in
/// .NET ticks, as that storage writes it). The executor's takeover check stays as the second guard.
/// </summary>
public sealed class SqliteQueueKeepAlive(JobDatabase database) : IQueueKeepAlive
{
    private readonly string _connection = new SqliteConnectionStringBuilder { DataSource = database.HangfireFile, Pooling = false, DefaultTimeout = 10 }.ToString();

    public async Task TouchAsync(string jobId, CancellationToken ct)
    {
        if (!long.TryParse(jobId, out var id))
        {
            return;
        }

        await using var connection = new SqliteConnection(_connection);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000; UPDATE JobQueue SET FetchedAt = $now WHERE JobId = $job AND FetchedAt > 0";
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        command.Parameters.AddWithValue("$job", id);
        await command.ExecuteNonQueryAsync(ct);
    }
}
