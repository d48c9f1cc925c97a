using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// Where the run registry lives: a SQLite file for the embedded default (<c>sqlite:PATH</c>) or PostgreSQL in server
/// mode (<c>postgres:Host=...;Database=...</c>). Hangfire's jobs go into the same PostgreSQL database, or into a SQLite
/// file beside the registry's.
/// </summary>
public sealed record JobDatabase(JobDatabaseKind Kind, string ConnectionString)
{
    // One pooled data source per PostgreSQL database for the whole process.
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    public static JobDatabase Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.GetFullPath(value["sqlite:".Length..]);
            return Sqlite(path);
        }

        foreach (var prefix in new[] { "postgres:", "postgresql:" })
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !value.Contains("://", StringComparison.Ordinal))
            {
                var connection = value[prefix.Length..];
                _ = new NpgsqlConnectionStringBuilder(connection); // throws on a malformed connection string, here rather than later
                return new JobDatabase(JobDatabaseKind.Postgres, connection);
            }
        }

        throw new FormatException(
            $"Unknown job database '{value}'. Use sqlite:PATH (embedded) or postgres:Host=HOST;Username=USER;Database=DB (server mode).");
    }

    public static JobDatabase Sqlite(string path) =>
        new(JobDatabaseKind.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false }.ToString());

    /// <summary>The SQLite file Hangfire keeps its jobs in: beside the registry's, e.g. jobs.db → jobs.hangfire.db.</summary>
    public string HangfireFile
    {
        get
        {
            if (Kind != JobDatabaseKind.Sqlite)
            {
                throw new InvalidOperationException("Hangfire keeps its jobs in the registry's PostgreSQL database.");
            }

            var registry = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return Path.Combine(Path.GetDirectoryName(registry) ?? ".", Path.GetFileNameWithoutExtension(registry) + ".hangfire.db");
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (Kind == JobDatabaseKind.Postgres)
        {
            var source = DataSources.GetOrAdd(ConnectionString, static cs => NpgsqlDataSource.Create(cs));
            return await source.OpenConnectionAsync(ct);
        }

        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var sqlite = new SqliteConnection(ConnectionString);
        await sqlite.OpenAsync(ct);
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return sqlite;
    }

    /// <summary>For messages and the dashboard: never shows a password.</summary>
    public override string ToString() => Kind == JobDatabaseKind.Sqlite
        ? $"sqlite:{new SqliteConnectionStringBuilder(ConnectionString).DataSource}"
        : $"postgres:{new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }}";
}

public enum JobDatabaseKind
{
    Sqlite,
    Postgres,
}
