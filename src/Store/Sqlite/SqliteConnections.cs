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

    public static int Execute(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var result = command.ExecuteScalar();
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, type, System.Globalization.CultureInfo.InvariantCulture);
    }
}
