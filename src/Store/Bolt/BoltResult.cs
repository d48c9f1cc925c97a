namespace PerturbKG.Store.Bolt;

/// <summary>
/// A query's records, pulled from the server a batch (the fetch size) at a time as they are enumerated; the first PULL
/// went out with the RUN. A result left unread closes its connection (it would be one reply out of step).
/// </summary>
public sealed class BoltResult : IAsyncEnumerable<BoltRecord>
{
    private readonly BoltConnection _connection;
    private readonly BoltKeys _keys;
    private readonly int _fetchSize;
    private readonly bool _autoCommit;

    internal BoltResult(BoltConnection connection, BoltKeys keys, int fetchSize, bool autoCommit)
    {
        _connection = connection;
        _keys = keys;
        _fetchSize = fetchSize;
        _autoCommit = autoCommit;
    }

    public IReadOnlyList<string> Keys => _keys.Names;

    /// <summary>The final SUCCESS metadata (bookmark, stats, ...) once every record was read.</summary>
    public IReadOnlyDictionary<string, object?>? Summary { get; private set; }

    /// <summary>How many PULL requests the records took.</summary>
    public int Batches { get; private set; }

    public async IAsyncEnumerator<BoltRecord> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Batches > 0)
        {
            throw new InvalidOperationException("A result can be read once.");
        }

        var more = true;
        try
        {
            while (more)
            {
                (List<BoltRecord> Records, IReadOnlyDictionary<string, object?> Summary) batch;
                try
                {
                    batch = await _connection.PullAsync(_keys, _fetchSize, alreadyRequested: Batches == 0, _autoCommit, cancellationToken);
                }
                catch
                {
                    more = false; // the connection reset itself after a FAILURE, or closed itself
                    throw;
                }

                var (records, summary) = batch;
                Batches++;
                more = summary.GetValueOrDefault("has_more") is true;
                if (!more)
                {
                    Summary = summary;
                }

                foreach (var record in records)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            if (more && _connection.IsOpen)
            {
                _connection.Abandon();
            }
        }
    }
}
