namespace PerturbKG.Store.Bolt;

/// <summary>A query's records, pulled from the server a batch (the fetch size) at a time as they are enumerated.</summary>
public sealed class BoltResult(BoltConnection connection, IReadOnlyList<string> keys, int fetchSize) : IAsyncEnumerable<IReadOnlyList<object?>>
{
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>The final SUCCESS metadata (bookmark, stats, ...) once every record was read.</summary>
    public IReadOnlyDictionary<string, object?>? Summary { get; private set; }

    /// <summary>How many PULL requests the records took.</summary>
    public int Batches { get; private set; }

    public async IAsyncEnumerator<IReadOnlyList<object?>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var more = true;
        while (more)
        {
            var (records, summary) = await connection.PullAsync(fetchSize, cancellationToken);
            Batches++;
            foreach (var record in records)
            {
                yield return record;
            }

            more = summary.GetValueOrDefault("has_more") is true;
            if (!more)
            {
                Summary = summary;
            }
        }
    }
}
