namespace PerturbKG.Store.Bolt;

/// <summary>A query's records, pulled from the server a batch (the fetch size) at a time as they are enumerated.</summary>
public sealed class BoltResult : IAsyncEnumerable<BoltRecord>
{
    private readonly BoltConnection _connection;
    private readonly BoltKeys _keys;
    private readonly int _fetchSize;

    internal BoltResult(BoltConnection connection, BoltKeys keys, int fetchSize)
    {
        _connection = connection;
        _keys = keys;
        _fetchSize = fetchSize;
    }

    public IReadOnlyList<string> Keys => _keys.Names;

    /// <summary>The final SUCCESS metadata (bookmark, stats, ...) once every record was read.</summary>
    public IReadOnlyDictionary<string, object?>? Summary { get; private set; }

    /// <summary>How many PULL requests the records took.</summary>
    public int Batches { get; private set; }

    public async IAsyncEnumerator<BoltRecord> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var more = true;
        while (more)
        {
            var (records, summary) = await _connection.PullAsync(_keys, _fetchSize, cancellationToken);
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
