using System.Net;
using System.Net.Sockets;
using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>
/// A Bolt 5.4 server that answers every RUN from a table of the statements in <c>cypher/</c> (by the name on their first
/// line, "// name: ..."), so a store's conversation can be checked statement by statement: which files it ran, with
/// which parameters, inside or outside a transaction. It does not execute Cypher; the answers are the test's.
/// </summary>
public sealed class AnsweringBoltServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, IReadOnlyDictionary<string, object?>, IReadOnlyList<IReadOnlyList<object?>>> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public AnsweringBoltServer(Func<string, IReadOnlyDictionary<string, object?>, IReadOnlyList<IReadOnlyList<object?>>> answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public BoltAddress Address => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, false, false);

    /// <summary>Every statement run: its file name, parameters, and whether a transaction was open; plus BEGIN/COMMIT/ROLLBACK as names.</summary>
    public List<(string Name, IReadOnlyDictionary<string, object?> Parameters, bool InTransaction)> Log { get; } = [];

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        try
        {
            await stream.ReadExactlyAsync(new byte[20]);
            await stream.WriteAsync(new byte[] { 0, 0, 4, 5 });
            var inTransaction = false;
            IReadOnlyList<IReadOnlyList<object?>> pending = [];
            while (true)
            {
                var (tag, fields) = await BoltFraming.ReadAsync(stream);
                switch (tag)
                {
                    case 0x02: // GOODBYE
                        return;
                    case 0x10: // RUN
                        var text = (string)fields[0]!;
                        var name = text.StartsWith("// ", StringComparison.Ordinal) ? text[3..text.IndexOf(':')] : text;
                        var parameters = (IReadOnlyDictionary<string, object?>)fields[1]!;
                        lock (Log)
                        {
                            Log.Add((name, parameters, inTransaction));
                        }

                        pending = _answer(name, parameters);
                        await BoltFraming.WriteAsync(stream, 0x70, [new Dictionary<string, object?> { ["fields"] = Keys(text).Cast<object?>().ToList() }]);
                        break;
                    case 0x3F: // PULL
                        foreach (var record in pending)
                        {
                            await BoltFraming.WriteAsync(stream, 0x71, [record.ToList()]);
                        }

                        pending = [];
                        await BoltFraming.WriteAsync(stream, 0x70, [new Dictionary<string, object?> { ["has_more"] = false }]);
                        break;
                    default: // HELLO, LOGON, BEGIN, COMMIT, ROLLBACK, RESET
                        if (tag is 0x11 or 0x12 or 0x13)
                        {
                            inTransaction = tag == 0x11;
                            lock (Log)
                            {
                                Log.Add((tag switch { 0x11 => "BEGIN", 0x12 => "COMMIT", _ => "ROLLBACK" }, new Dictionary<string, object?>(), inTransaction));
                            }
                        }

                        await BoltFraming.WriteAsync(stream, 0x70, [new Dictionary<string, object?>()]);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The keys a statement's records have, as Neo4j names them: each item of the last RETURN, by its alias or, without
    /// one, by its text (items split at top-level commas; ORDER BY, SKIP and LIMIT end the list).
    /// </summary>
    public static IReadOnlyList<string> Keys(string statement)
    {
        var code = string.Join('\n', statement.Split('\n').Select(l => l.Split("//")[0]));
        var at = code.LastIndexOf("RETURN", StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }

        var items = code[(at + 6)..].TrimStart();
        foreach (var end in new[] { "\nORDER BY", " ORDER BY", "\nSKIP", "\nLIMIT", " LIMIT " })
        {
            var cut = items.IndexOf(end, StringComparison.Ordinal);
            items = cut >= 0 ? items[..cut] : items;
        }

        items = items.StartsWith("DISTINCT ", StringComparison.Ordinal) ? items[9..] : items;
        var keys = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = 0; i <= items.Length; i++)
        {
            if (i == items.Length || (items[i] == ',' && depth == 0))
            {
                var item = items[start..i].Trim();
                var alias = item.LastIndexOf(" AS ", StringComparison.Ordinal);
                keys.Add(alias >= 0 && !item[(alias + 4)..].Contains(' ') ? item[(alias + 4)..].Trim() : item);
                start = i + 1;
            }
            else if (items[i] is '(' or '[' or '{')
            {
                depth++;
            }
            else if (items[i] is ')' or ']' or '}')
            {
                depth--;
            }
        }

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
