using Microsoft.Data.Sqlite;

namespace PerturbKG.Store.Sqlite;

/// <summary>Creates the schema of an empty store and refuses a file written by a newer schema.</summary>
internal static class SqliteSchema
{
    public static void Apply(SqliteConnection connection)
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream("PerturbKG.Store.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("The embedded SQLite schema is missing from the build.");
        using var reader = new StreamReader(stream);
        connection.Execute(reader.ReadToEnd());

        var version = connection.Scalar<string>("SELECT value FROM meta WHERE key = 'schema_version'");
        if (version is null)
        {
            connection.Execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', $v)",
                ("$v", SqliteGraphStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (int.Parse(version, System.Globalization.CultureInfo.InvariantCulture) < SqliteGraphStore.SchemaVersion)
        {
            // Older stores gained tables only (created above); record the upgrade.
            connection.Execute(
                "UPDATE meta SET value = $v WHERE key = 'schema_version'",
                ("$v", SqliteGraphStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (int.Parse(version, System.Globalization.CultureInfo.InvariantCulture) > SqliteGraphStore.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The store {connection.DataSource} has schema version {version}; this build reads up to " +
                $"{SqliteGraphStore.SchemaVersion}. Upgrade PerturbKG.");
        }
    }

    /// <summary>The edge indexes; dropped during a large load and rebuilt before commit, which is much faster.</summary>
    public const string CreateEdgeIndexes =
        "CREATE INDEX IF NOT EXISTS edges_source ON edges (source); CREATE INDEX IF NOT EXISTS edges_target ON edges (target);";

    public const string DropEdgeIndexes = "DROP INDEX IF EXISTS edges_source; DROP INDEX IF EXISTS edges_target;";
}
