using Microsoft.Data.Sqlite;

namespace PerturbKG.Store.Sqlite;

/// <summary>Opens connections to a store file with the pragmas every connection needs.</summary>
internal static class SqliteConnections
{
    static SqliteConnections() => SQLitePCL.Batteries_V2.Init();

    public static SqliteConnection Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        // WAL lets the admin server read while a job writes; NORMAL is durable at each commit under WAL.
        connection.Execute(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; " +
            "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA busy_timeout = 30000;");
        // Named queries use sqrt(), which not every SQLite build compiles in.
        connection.CreateFunction<double?, double?>("sqrt", (double? x) => x is null ? null : Math.Sqrt(x.Value), isDeterministic: true);
        return connection;
    }

    // The store's one way to run SQL: Execute, Scalar, Query / Each / First (rows read by column name through
    // SqliteRow), each taking ("$name", value) parameters. RawStatement is kept for the bulk inserts of a load.

    public static int Execute(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Every row of a query, each made into a <typeparamref name="T"/> by <paramref name="read"/>.</summary>
    public static List<T> Query<T>(this SqliteConnection connection, string sql, Func<SqliteRow, T> read, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        Each(connection, sql, row => rows.Add(read(row)), CancellationToken.None, parameters);
        return rows;
    }

    /// <summary>Hands each row of a query to <paramref name="read"/>; checks for cancellation every 65,536 rows.</summary>
    public static void Each(this SqliteConnection connection, string sql, Action<SqliteRow> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var row = new SqliteRow(reader);
        var count = 0;
        while (reader.Read())
        {
            if ((++count & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            read(row);
        }
    }

    /// <summary>The first row of a query made into a <typeparamref name="T"/>, or null when there is none.</summary>
    public static T? First<T>(this SqliteConnection connection, string sql, Func<SqliteRow, T> read, params (string Name, object? Value)[] parameters)
        where T : class
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(new SqliteRow(reader)) : null;
    }

    public static T? Scalar<T>(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var result = command.ExecuteScalar();
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, type, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
