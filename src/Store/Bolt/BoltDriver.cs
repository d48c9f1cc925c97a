using System.Collections.Concurrent;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// A small pool of Bolt connections to one server, and managed transactions: the work runs inside BEGIN/COMMIT and is
/// tried again, with exponential backoff, when Neo4j reports a transient error (Neo.TransientError.*) or the
/// connection breaks. Other failures roll back and surface with the server's code and message.
/// </summary>
public sealed class BoltDriver(BoltAddress address, BoltAuth auth, int maxIdle = 4, int maxAttempts = 5) : IAsyncDisposable
{
    private readonly ConcurrentBag<BoltConnection> _idle = [];

    /// <summary>How long to wait before the first retry; doubled each time. Tests shorten it.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public BoltAddress Address => address;

    public async Task<BoltConnection> AcquireAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var connection))
        {
            if (connection.IsOpen)
            {
                return connection;
            }

            await connection.DisposeAsync();
        }

        return await BoltConnection.OpenAsync(address, auth, ct);
    }

    public async Task ReleaseAsync(BoltConnection connection)
    {
        if (connection.IsOpen && _idle.Count < maxIdle)
        {
            _idle.Add(connection);
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
            var connection = await AcquireAsync(ct);
            try
            {
                await connection.BeginAsync(ct);
                var result = await work(connection, ct);
                await connection.CommitAsync(ct);
                await ReleaseAsync(connection);
                return result;
            }
            catch (Exception e) when (attempt < maxAttempts && (e is BoltException { IsTransient: true } or BoltProtocolException))
            {
                // A failed request already reset the connection (which ends its transaction); a broken one is dropped.
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

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
