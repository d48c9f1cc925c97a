namespace PerturbKG.Store.Bolt;

/// <summary>
/// The routing table of a <c>neo4j://</c> driver: which cluster members route, take writes (the leader) and serve reads,
/// for the user's home database, fetched with ROUTE from a router and fetched again when its time-to-live ends, when it
/// has no member for the access wanted, or when a member turns out not to be what the table said.
/// </summary>
internal sealed class BoltRouting(
    BoltAddress seed, Func<BoltAddress, CancellationToken, Task<BoltConnection>> open, Func<BoltConnection, Task> release, BoltBookmarks bookmarks)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _lock = new();
    private List<BoltAddress> _routers = [seed];
    private List<BoltAddress> _readers = [];
    private List<BoltAddress> _writers = [];
    private DateTime _expires = DateTime.MinValue;
    private int _next;

    /// <summary>How many times the table was fetched.</summary>
    public int Refreshes { get; private set; }

    /// <summary>The routing context sent in HELLO and ROUTE: the address the user gave, and the URI's query.</summary>
    public IReadOnlyDictionary<string, object?> Context { get; } = Routing(seed);

    public static Dictionary<string, object?> Routing(BoltAddress seed)
    {
        var context = seed.RoutingQuery.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        context["address"] = seed.HostAndPort;
        return context;
    }

    public async Task<BoltAddress> PickAsync(BoltAccess access, CancellationToken ct)
    {
        if (Stale(access))
        {
            await _refresh.WaitAsync(ct);
            try
            {
                if (Stale(access))
                {
                    await RefreshAsync(ct);
                }
            }
            finally
            {
                _refresh.Release();
            }
        }

        lock (_lock)
        {
            var members = access == BoltAccess.Write ? _writers : _readers;
            if (members.Count == 0)
            {
                throw new BoltProtocolException($"The routing table of {seed} has no member that takes {(access == BoltAccess.Write ? "writes" : "reads")}.");
            }

            return members[(int)((uint)_next++ % members.Count)];
        }
    }

    /// <summary>A member that could not be reached is dropped from the table.</summary>
    public void Forget(BoltAddress member)
    {
        lock (_lock)
        {
            _readers = _readers.Where(a => a != member).ToList();
            _writers = _writers.Where(a => a != member).ToList();
        }
    }

    /// <summary>A member that refused a write (NotALeader, read-only) is no writer: the next write fetches the table again.</summary>
    public void ForgetWriter(BoltAddress member)
    {
        lock (_lock)
        {
            _writers = _writers.Where(a => a != member).ToList();
        }
    }

    private bool Stale(BoltAccess access)
    {
        lock (_lock)
        {
            return DateTime.UtcNow >= _expires || (access == BoltAccess.Write ? _writers.Count == 0 : _readers.Count == 0);
        }
    }

    // Asks the known routers in turn, then the address the user gave; the first answer replaces the table.
    private async Task RefreshAsync(CancellationToken ct)
    {
        List<BoltAddress> routers;
        lock (_lock)
        {
            routers = _routers.Append(seed).Distinct().ToList();
        }

        var failures = new List<string>();
        foreach (var router in routers)
        {
            BoltConnection? connection = null;
            try
            {
                connection = await open(router, ct);
                var table = await connection.RouteAsync(Context, bookmarks.Current, null, ct);
                await release(connection);
                connection = null;
                Apply(table);
                Refreshes++;
                return;
            }
            catch (Exception e) when (e is BoltProtocolException or BoltException { IsTransient: true } or BoltException { Code: "Neo.ClientError.Procedure.ProcedureNotFound" })
            {
                failures.Add($"{router}: {e.Message}");
                if (connection is not null)
                {
                    await release(connection);
                }
            }
        }

        throw new BoltProtocolException($"No router answered for {seed}: {string.Join("; ", failures)}");
    }

    private void Apply(IReadOnlyDictionary<string, object?> table)
    {
        var ttl = table.GetValueOrDefault("ttl") is long seconds ? seconds : 300;
        var (routers, readers, writers) = (new List<BoltAddress>(), new List<BoltAddress>(), new List<BoltAddress>());
        foreach (var server in (table.GetValueOrDefault("servers") as IReadOnlyList<object?> ?? []).OfType<IReadOnlyDictionary<string, object?>>())
        {
            var members = (server.GetValueOrDefault("addresses") as IReadOnlyList<object?> ?? []).OfType<string>().Select(seed.Member);
            var list = server.GetValueOrDefault("role") switch
            {
                "ROUTE" => routers,
                "READ" => readers,
                "WRITE" => writers,
                _ => null,
            };
            list?.AddRange(members);
        }

        if (routers.Count == 0)
        {
            throw new BoltProtocolException($"The routing table from {seed} names no router.");
        }

        lock (_lock)
        {
            (_routers, _readers, _writers) = (routers, readers, writers);
            _expires = DateTime.UtcNow.AddSeconds(Math.Max(1, ttl));
        }
    }
}
