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

    /// <summary>Every stored signature's vector, by signature id.</summary>
    public Dictionary<string, float[]> Vectors() =>
        Query("SELECT sig_id, vector FROM signatures", r => (r.GetString(0), MemoryMarshal.Cast<byte, float>((byte[])r[1]).ToArray()))
            .ToDictionary(p => p.Item1, p => p.Item2);
}
