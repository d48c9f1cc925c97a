using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests;

/// <summary>A real SQLite store file in a temp folder, with ingestion and plain-SQL reads for assertions.</summary>
public sealed class StoreFile(string path)
{
    public string Path { get; } = path;

    public async Task<IngestReport> IngestAsync(IngestOptions options)
    {
        await using var store = SqliteGraphStore.Open(Path);
        return await new DatasetIngestion(NullLogger<DatasetIngestion>.Instance).RunAsync(store, options, null, TestContext.Current.CancellationToken);
    }

    public async Task<StoreSummary> SummaryAsync()
    {
        await using var store = SqliteGraphStore.Open(Path);
        return await store.GetSummaryAsync(TestContext.Current.CancellationToken);
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> row)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public long Count(string sql) => Query(sql, r => r.GetInt64(0)).Single();

    /// <summary>The store's content by natural keys (surrogate ids, times and the report's timings left out), table by table.</summary>
    public string ContentByKeys()
    {
        string Rows(string sql) => string.Join('\n', Query(sql, r =>
            string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
        return string.Join("\n--\n",
            Rows("SELECT type, key, name, source FROM nodes ORDER BY type, key"),
            Rows("SELECT d.name, n.type, n.key FROM node_datasets x JOIN datasets d ON d.id = x.dataset JOIN nodes n ON n.id = x.node ORDER BY 1, 2, 3"),
            Rows("SELECT d.name, n.type, n.key, a.name, a.value FROM node_attributes a JOIN datasets d ON d.id = a.dataset JOIN nodes n ON n.id = a.node ORDER BY 1, 2, 3, 4"),
            Rows("SELECT d.name, m.compound, n.type, n.key, m.method FROM compound_matches m JOIN datasets d ON d.id = m.dataset JOIN nodes n ON n.id = m.drug ORDER BY 1, 2"),
            Rows("SELECT COUNT(*), COUNT(DISTINCT source), COUNT(DISTINCT target) FROM edges"),
            Rows("SELECT f.name, f.node_type, n.key, hex(v.vector) FROM node_features v JOIN feature_sets f ON f.id = v.feature_set JOIN nodes n ON n.id = v.node ORDER BY 1, 3"),
            Rows("SELECT sig_id, hex(vector) FROM signatures ORDER BY sig_id"));
    }

    /// <summary>A hash of every table's rows, all columns, in a fixed order: equal hashes, equal stores.</summary>
    public string ContentHash()
    {
        var tables = Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", r => r.GetString(0));
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            var columns = Query($"SELECT COUNT(*) FROM pragma_table_info('{table}')", r => r.GetInt32(0)).Single();
            var order = string.Join(", ", Enumerable.Range(1, columns));
            foreach (var row in Query($"SELECT * FROM \"{table}\" ORDER BY {order}", r => string.Join('\u001f',
                Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "\u0000" : r.GetValue(i) is byte[] b ? Convert.ToHexString(b) : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{table}\u001e{row}\n"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Every stored signature's vector, by signature id.</summary>
    public Dictionary<string, float[]> Vectors() =>
        Query("SELECT sig_id, vector FROM signatures", r => (r.GetString(0), MemoryMarshal.Cast<byte, float>((byte[])r[1]).ToArray()))
            .ToDictionary(p => p.Item1, p => p.Item2);
}
