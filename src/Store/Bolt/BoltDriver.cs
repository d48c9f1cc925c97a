using System.Collections.Concurrent;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// Connections to a Neo4j server or cluster, pooled per member, and managed transactions. A <c>bolt://</c> address is
/// one server; a <c>neo4j://</c> address is a cluster or Aura, reached through a routing table (<see cref="BoltRouting"/>):
/// writes go to the leader, reads to readers. Every connection carries the driver's bookmark, so a read after a write
/// sees it on any member. Managed write transactions are tried again, with exponential backoff, when Neo4j reports a
/// transient error, the connection breaks before COMMIT, or the member was no leader (after fetching the table again);
/// other failures roll back and surface with the server's code and message.
/// </summary>
public sealed class BoltDriver : IAsyncDisposable
{
    private readonly BoltAuth _auth;
    private readonly int _maxIdle;
    private readonly int _maxAttempts;
    private readonly ConcurrentDictionary<BoltAddress, ConcurrentBag<BoltConnection>> _idle = new();
    private readonly BoltRouting? _routing;

    public BoltDriver(BoltAddress address, BoltAuth auth, int maxIdle = 4, int maxAttempts = 5)
    {
        Address = address;
        _auth = auth;
        _maxIdle = maxIdle;
        _maxAttempts = maxAttempts;
        _routing = address.Routing ? new BoltRouting(address, OpenAsync, ReleaseAsync, Bookmarks) : null;
    }

    /// <summary>How long to wait before the first retry; doubled each time. Tests shorten it.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public BoltAddress Address { get; }

    /// <summary>The bookmark of the last commit made through this driver.</summary>
    public BoltBookmarks Bookmarks { get; } = new();

    /// <summary>How many times the routing table was fetched (0 for <c>bolt://</c>).</summary>
    public int RoutingRefreshes => _routing?.Refreshes ?? 0;

    public Task<BoltConnection> AcquireAsync(CancellationToken ct) => AcquireAsync(BoltAccess.Write, ct);

    /// <summary>A connection for writes (the leader) or reads (a reader), from the pool or new.</summary>
    public async Task<BoltConnection> AcquireAsync(BoltAccess access, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var member = _routing is null ? Address : await _routing.PickAsync(access, ct);
            try
            {
                var connection = await OpenAsync(member, ct);
                connection.Access = access;
                return connection;
            }
            catch (BoltProtocolException) when (_routing is not null && attempt < _maxAttempts)
            {
                _routing.Forget(member); // unreachable: the next pick fetches the table again if nobody is left
            }
        }
    }

    public async Task ReleaseAsync(BoltConnection connection)
    {
        var pool = connection.Address is { } address ? _idle.GetOrAdd(address, _ => []) : null;
        if (pool is not null && connection.IsOpen && pool.Count < _maxIdle)
        {
            connection.Access = BoltAccess.Write;
            pool.Add(connection);
        }
        else
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Runs work in a write transaction, retrying transient failures; the work must be safe to repeat (MERGE, not CREATE).</summary>
    public async Task<T> WriteTransactionAsync<T>(Func<BoltConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var connection = await AcquireAsync(BoltAccess.Write, ct);
            try
            {
                await connection.BeginAsync(ct);
                var result = await work(connection, ct);
                await connection.CommitAsync(ct);
                await ReleaseAsync(connection);
                return result;
            }
            catch (BoltException e) when (e.IsNotWriter && _routing is not null && attempt < _maxAttempts)
            {
                _routing.ForgetWriter(connection.Address!);
                await ReleaseAsync(connection);
            }
            catch (Exception e) when (attempt < _maxAttempts && (e is BoltException { IsTransient: true } or BoltProtocolException))
            {
                // A FAILURE already reset the connection (which ends its transaction); a broken one is not pooled.
                if (e is BoltProtocolException && _routing is not null && connection.Address is { } member)
                {
                    _routing.Forget(member);
                }

                await ReleaseAsync(connection);
                await Task.Delay(backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, backoff.TotalMilliseconds / 5))), ct);
                backoff *= 2;
            }
            catch
            {
                if (connection.IsOpen)
                {
                    try
                    {
                        await connection.ResetAsync(CancellationToken.None);
                    }
                    catch (BoltProtocolException)
                    {
                        // the connection is gone; it will not be pooled
                    }
                }

                await ReleaseAsync(connection);
                throw;
            }
        }
    }

    private async Task<BoltConnection> OpenAsync(BoltAddress member, CancellationToken ct)
    {
        if (_idle.TryGetValue(member, out var pool))
        {
            while (pool.TryTake(out var idle))
            {
                if (idle.IsOpen)
                {
                    return idle;
                }

                await idle.DisposeAsync();
            }
        }

        var connection = await BoltConnection.OpenAsync(member, _auth, ct, _routing?.Context);
        connection.Bookmarks = Bookmarks;
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _idle.Values)
        {
            while (pool.TryTake(out var connection))
            {
                await connection.DisposeAsync();
            }
        }
    }
}
