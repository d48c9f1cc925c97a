using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PerturbKG.Benchmarks.Ingestion;

/// <summary>What the sqlite3 shell itself achieves loading the same data: the storage limit for our ingest.</summary>
internal static class SqliteLimit
{
    private const string Pragmas = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nPRAGMA cache_size=-262144;\n";

    /// <summary>Writes the stored edges as CSV (dataset, relation, source, target); returns how many.</summary>
    public static long ExportEdges(string db, string csv)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset, relation, source, target FROM edges";
        using var reader = command.ExecuteReader();
        using var writer = new StreamWriter(csv);
        long n = 0;
        while (reader.Read())
        {
            writer.Write($"{reader.GetInt64(0)},{reader.GetInt64(1)},{reader.GetInt64(2)},{reader.GetInt64(3)}\n");
            n++;
        }

        return n;
    }

    /// <summary>.import into the store's edge table definition, then the same two indexes. Seconds, or null without sqlite3.</summary>
    public static double? ImportEquivalentTable(string csv, string db) => Run(db, Pragmas +
        "CREATE TABLE edges (dataset INTEGER NOT NULL, relation INTEGER NOT NULL, source INTEGER NOT NULL, target INTEGER NOT NULL, PRIMARY KEY (dataset, relation, source, target)) WITHOUT ROWID;\n" +
        $".mode csv\n.import {csv} edges\n" +
        "CREATE INDEX edges_source ON edges (source);\nCREATE INDEX edges_target ON edges (target);\n");

    /// <summary>.import of kg.csv as it is, into twelve columns with no key: what the raw file costs to load.</summary>
    public static double? ImportRawKgCsv(string kg, string db) => Run(db, Pragmas +
        "CREATE TABLE kg (relation TEXT, display_relation TEXT, x_index INTEGER, x_id TEXT, x_type TEXT, x_name TEXT, x_source TEXT, y_index INTEGER, y_id TEXT, y_type TEXT, y_name TEXT, y_source TEXT);\n" +
        $".mode csv\n.import --skip 1 {kg} kg\n");

    private static double? Run(string db, string script)
    {
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(file);
        }

        var start = new ProcessStartInfo("sqlite3", [db]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var seconds = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0 || error.Contains("Error", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"sqlite3 failed: {error}");
            }

            return seconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("sqlite3 is not installed (apt-get install sqlite3): no storage limit measured.");
            return null;
        }
    }
}
