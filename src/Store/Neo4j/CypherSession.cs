using PerturbKG.Store.Bolt;

namespace PerturbKG.Store.Neo4j;

/// <summary>Runs the statements of <c>cypher/</c> by name on one connection (auto-commit, or inside its open transaction).</summary>
internal sealed class CypherSession(BoltConnection connection)
{
    public BoltConnection Connection => connection;

    /// <summary>Runs a statement and reads every record.</summary>
    public async Task<IReadOnlyList<BoltRecord>> RunAsync(
        string file, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct)
    {
        var (records, _) = await connection.ExecuteAsync(CypherFiles.Get(file), parameters, ct);
        return records;
    }

    /// <summary>Runs a statement and hands each record to <paramref name="read"/> as it streams in, a batch at a time.</summary>
    public async Task StreamAsync(
        string file, IReadOnlyDictionary<string, object?>? parameters, Action<BoltRecord> read, CancellationToken ct)
    {
        var result = await connection.RunAsync(CypherFiles.Get(file), parameters, ct, fetchSize: 20_000);
        await foreach (var record in result.WithCancellation(ct))
        {
            read(record);
        }
    }

    /// <summary>Runs a statement once per batch of rows (<c>UNWIND $rows</c>), with the other parameters alongside.</summary>
    public async Task RunBatchesAsync<T>(
        string file, IReadOnlyList<T> items, int batchSize, Func<T, object?> row,
        IReadOnlyDictionary<string, object?> parameters, CancellationToken ct)
    {
        for (var start = 0; start < items.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var rows = new List<object?>(Math.Min(batchSize, items.Count - start));
            for (var i = start; i < Math.Min(items.Count, start + batchSize); i++)
            {
                rows.Add(row(items[i]));
            }

            await RunAsync(file, new Dictionary<string, object?>(parameters) { ["rows"] = rows }, ct);
        }
    }
}
