using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// Where the run registry and the scheduler's tables live: a SQLite file for the embedded default
/// (<c>sqlite:PATH</c>) or PostgreSQL in server mode (<c>postgres:Host=...;Database=...</c>).
/// </summary>
public sealed record JobDatabase(JobDatabaseKind Kind, string ConnectionString)
{
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

    public DbConnection Open()
    {
        if (Kind == JobDatabaseKind.Postgres)
        {
            var pg = new NpgsqlConnection(ConnectionString);
            pg.Open();
            return pg;
        }

        SQLitePCL.Batteries_V2.Init();
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var sqlite = new SqliteConnection(ConnectionString);
        sqlite.Open();
        using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
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
