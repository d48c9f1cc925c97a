using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// One Bolt connection: negotiates Bolt 5.8–5.0 or 4.4, authenticates (HELLO + LOGON from 5.1, credentials in HELLO
/// before), runs queries (RUN + PULL in batches), explicit transactions (BEGIN, COMMIT, ROLLBACK), ROUTE, RESET and
/// GOODBYE. Requests that need no answer before the next are pipelined: HELLO+LOGON, [BEGIN+]RUN+PULL and BEGIN+COMMIT
/// each go out in one write, and their replies are read in order.
/// <para>
/// A FAILURE leaves the connection usable: the requests pipelined after it are answered IGNORED and read, RESET is sent
/// and answered, and the server's error is thrown. Anything else that goes wrong while reading or writing (a value that
/// cannot be read, a cancelled or timed-out read, a broken socket, a reply out of order) closes the connection for good
/// (<see cref="IsOpen"/> false), so it is never pooled one reply out of step.
/// </para>
/// Not thread-safe: one request at a time, as Bolt itself.
/// </summary>
public sealed class BoltConnection : IAsyncDisposable
{
    public const string UserAgent = "perturbkg/1.0";

    // 5.8 with a range of 8 (5.8 down to 5.0), then 4.4; unused slots are zero.
    private static readonly byte[] Handshake = [0x60, 0x60, 0xB0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly Stream _stream;
    private readonly TcpClient? _tcp;
    private readonly MemoryStream _message = new();
    private readonly MemoryStream _pipeline = new();
    private readonly PackStreamWriter _writer;
    private readonly Queue<string> _awaiting = new();
    private bool _inTransaction;
    private bool _beginQueued;

    private BoltConnection(Stream stream, TcpClient? tcp, BoltAddress? address)
    {
        _stream = stream;
        _tcp = tcp;
        Address = address;
        _writer = new PackStreamWriter(_message);
    }

    /// <summary>The server this connection is to (null for a connection over a given stream).</summary>
    public BoltAddress? Address { get; }

    public (int Major, int Minor) Version { get; private set; }

    public string? Server { get; private set; }

    /// <summary>False once the connection broke, was closed, or could not be kept in step; such a connection is never reused.</summary>
    public bool IsOpen { get; private set; } = true;

    /// <summary>Whether date-times travel as UTC seconds: always on Bolt 5, on 4.4 when the server took the "utc" patch.</summary>
    public bool Utc { get; private set; } = true;

    /// <summary>Read connections send auto-commit queries and transactions with <c>mode: "r"</c> (a cluster routes them to readers).</summary>
    public BoltAccess Access { get; internal set; } = BoltAccess.Write;

    /// <summary>The bookmarks this connection sends with every transaction and auto-commit query, and updates after each commit.</summary>
    internal BoltBookmarks? Bookmarks { get; set; }

    /// <summary>How many writes to the socket this connection made (pipelining puts several requests in one).</summary>
    public long Writes { get; private set; }

    public static async Task<BoltConnection> OpenAsync(
        BoltAddress address, BoltAuth auth, CancellationToken ct, IReadOnlyDictionary<string, object?>? routing = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port, ct);
            Stream stream = tcp.GetStream();
            if (address.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false,
                    address.TrustAnyCertificate ? (_, _, _, _) => true : null);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = address.Host }, ct);
                stream = ssl;
            }

            var connection = new BoltConnection(stream, tcp, address);
            await connection.StartAsync(auth, routing, ct);
            return connection;
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new BoltProtocolException($"Cannot connect to Neo4j at {address}: {e.Message}", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection over an existing stream (tests, tunnels).</summary>
    public static async Task<BoltConnection> OpenAsync(
        Stream stream, BoltAuth auth, CancellationToken ct, IReadOnlyDictionary<string, object?>? routing = null)
    {
        var connection = new BoltConnection(stream, null, null);
        await connection.StartAsync(auth, routing, ct);
        return connection;
    }

    private Task StartAsync(BoltAuth auth, IReadOnlyDictionary<string, object?>? routing, CancellationToken ct) => GuardAsync(async () =>
    {
        await _stream.WriteAsync(Handshake, ct);
        await _stream.FlushAsync(ct);
        var chosen = new byte[4];
        await ReadExactlyAsync(chosen, ct);
        Version = (chosen[3], chosen[2]);
        if (Version == (0, 0))
        {
            throw new BoltProtocolException("The server supports none of Bolt 5.0–5.8 or 4.4.");
        }

        if (Version is not ((5, >= 0 and <= 8) or (4, 4)))
        {
            throw new BoltProtocolException($"The server chose Bolt {Version.Major}.{Version.Minor}, which was not offered.");
        }

        var hello = new Dictionary<string, object?> { ["user_agent"] = UserAgent };
        if (AtLeast(5, 3))
        {
            hello["bolt_agent"] = new Dictionary<string, object?> { ["product"] = UserAgent };
        }

        if (routing is not null)
        {
            hello["routing"] = routing;
        }

        if (Version == (4, 4))
        {
            hello["patch_bolt"] = new List<object?> { "utc" };
        }

        var separateLogon = AtLeast(5, 1);
        if (!separateLogon)
        {
            AddCredentials(hello, auth);
        }

        Enqueue(0x01, "HELLO", hello);
        if (separateLogon)
        {
            var logon = new Dictionary<string, object?>();
            AddCredentials(logon, auth);
            Enqueue(0x6A, "LOGON", logon);
        }

        await FlushAsync(ct);
        var helloReply = await SummaryAsync(ct);
        Server = helloReply.GetValueOrDefault("server") as string;
        Utc = Version.Major >= 5 || (helloReply.GetValueOrDefault("patch_bolt") as IReadOnlyList<object?>)?.Contains("utc") == true;
        _writer.Utc = Utc;
        if (separateLogon)
        {
            await SummaryAsync(ct);
        }
    });

    private bool AtLeast(int major, int minor) => Version.Major > major || (Version.Major == major && Version.Minor >= minor);

    private static void AddCredentials(Dictionary<string, object?> map, BoltAuth auth)
    {
        map["scheme"] = "basic";
        map["principal"] = auth.User;
        map["credentials"] = auth.Password;
    }

    /// <summary>
    /// Runs a query (auto-commit, or inside the open transaction) and streams its records in batches of
    /// <paramref name="fetchSize"/>; RUN and the first PULL (and a BEGIN not yet sent) go out in one write.
    /// </summary>
    public Task<BoltResult> RunAsync(
        string query, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct, int fetchSize = 1000, string? database = null) =>
        GuardAsync(async () =>
        {
            var extra = _inTransaction ? new Dictionary<string, object?>() : TransactionExtra(database, Access == BoltAccess.Read);
            Enqueue(0x10, "RUN", query, parameters ?? new Dictionary<string, object?>(), extra);
            Enqueue(0x3F, "PULL", new Dictionary<string, object?> { ["n"] = (long)fetchSize });
            await FlushAsync(ct);
            await BeginReplyAsync(ct);
            var reply = await SummaryAsync(ct);
            var keys = (reply.GetValueOrDefault("fields") as IReadOnlyList<object?> ?? []).Select(k => (string)k!).ToList();
            return new BoltResult(this, new BoltKeys(keys), fetchSize, autoCommit: !_inTransaction);
        });

    /// <summary>Runs a query and reads every record (for writes and small reads); returns the records and the final summary.</summary>
    public async Task<(IReadOnlyList<BoltRecord> Records, IReadOnlyDictionary<string, object?> Summary)> ExecuteAsync(
        string query, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct, int fetchSize = -1)
    {
        var result = await RunAsync(query, parameters, ct, fetchSize);
        var records = new List<BoltRecord>();
        await foreach (var record in result.WithCancellation(ct))
        {
            records.Add(record);
        }

        return (records, result.Summary!);
    }

    /// <summary>Opens a transaction. BEGIN is sent with the first query (or the COMMIT), not on its own.</summary>
    public Task BeginAsync(CancellationToken ct, string? database = null, bool write = true)
    {
        if (_inTransaction)
        {
            throw new InvalidOperationException("A transaction is already open on this connection.");
        }

        Enqueue(0x11, "BEGIN", TransactionExtra(database, !write || Access == BoltAccess.Read));
        _beginQueued = true;
        _inTransaction = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Commits; returns the bookmark. A connection lost after COMMIT was sent throws <see cref="BoltCommitUncertainException"/>:
    /// the server may have committed, so the work must not be run again blindly.
    /// </summary>
    public async Task<string?> CommitAsync(CancellationToken ct)
    {
        var sent = false;
        try
        {
            return await GuardAsync(async () =>
            {
                _inTransaction = false;
                Enqueue(0x12, "COMMIT");
                await FlushAsync(ct);
                await BeginReplyAsync(ct);
                sent = true;
                var reply = await SummaryAsync(ct);
                var bookmark = reply.GetValueOrDefault("bookmark") as string;
                Bookmarks?.Update(bookmark);
                return bookmark;
            });
        }
        catch (BoltProtocolException e) when (sent)
        {
            throw new BoltCommitUncertainException(e);
        }
        catch (OperationCanceledException e) when (sent)
        {
            throw new BoltCommitUncertainException(e);
        }
    }

    public Task RollbackAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        _inTransaction = false;
        Enqueue(0x13, "ROLLBACK");
        await FlushAsync(ct);
        await BeginReplyAsync(ct);
        await SummaryAsync(ct);
    });

    /// <summary>Clears a failure, an open transaction or an unfinished result, so the connection can be used again.</summary>
    public Task ResetAsync(CancellationToken ct) => GuardAsync(async () =>
    {
        _inTransaction = false;
        _beginQueued = false;
        Enqueue(0x0F, "RESET");
        await FlushAsync(ct);
        await DrainThroughResetAsync(ct);
    });

    /// <summary>Asks a cluster member for the routing table of a database (null: the user's home database).</summary>
    public Task<IReadOnlyDictionary<string, object?>> RouteAsync(
        IReadOnlyDictionary<string, object?> routing, IReadOnlyList<string> bookmarks, string? database, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            var extra = new Dictionary<string, object?>();
            if (database is not null)
            {
                extra["db"] = database;
            }

            Enqueue(0x66, "ROUTE", routing, bookmarks.Cast<object?>().ToList(), extra);
            await FlushAsync(ct);
            var reply = await SummaryAsync(ct);
            return reply.GetValueOrDefault("rt") as IReadOnlyDictionary<string, object?>
                ?? throw new BoltProtocolException("ROUTE was answered without a routing table.");
        });

    // PULL n (unless the first PULL went out with the RUN): records until a SUCCESS; has_more says whether to pull again.
    internal Task<(List<BoltRecord> Records, IReadOnlyDictionary<string, object?> Summary)> PullAsync(
        BoltKeys keys, int count, bool alreadyRequested, bool autoCommit, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            if (!alreadyRequested)
            {
                Enqueue(0x3F, "PULL", new Dictionary<string, object?> { ["n"] = (long)count });
                await FlushAsync(ct);
            }

            var records = new List<BoltRecord>();
            var summary = await SummaryAsync(ct, fields => records.Add(new BoltRecord(keys, fields)));
            if (autoCommit && summary.GetValueOrDefault("has_more") is not true)
            {
                Bookmarks?.Update(summary.GetValueOrDefault("bookmark") as string);
            }

            return (records, summary);
        });

    /// <summary>Closes a connection whose result was left unread: it is one reply out of step and must not be reused.</summary>
    internal void Abandon() => Break();

    private Dictionary<string, object?> TransactionExtra(string? database, bool read)
    {
        var extra = new Dictionary<string, object?>();
        if (database is not null)
        {
            extra["db"] = database;
        }

        if (read)
        {
            extra["mode"] = "r";
        }

        if (Bookmarks?.Current is { Count: > 0 } bookmarks)
        {
            extra["bookmarks"] = bookmarks.Cast<object?>().ToList();
        }

        return extra;
    }

    private async Task BeginReplyAsync(CancellationToken ct)
    {
        if (_beginQueued)
        {
            _beginQueued = false;
            await SummaryAsync(ct);
        }
    }

    // The reply to the oldest request still awaiting one: RECORDs (handed to `record`) then its summary.
    private async Task<IReadOnlyDictionary<string, object?>> SummaryAsync(CancellationToken ct, Action<IReadOnlyList<object?>>? record = null)
    {
        while (true)
        {
            if (_awaiting.Count == 0)
            {
                throw new BoltProtocolException("A reply was awaited for no request.");
            }

            var (tag, fields) = await ReceiveAsync(ct);
            switch (tag)
            {
                case 0x71 when record is not null && fields.Count == 1 && fields[0] is IReadOnlyList<object?> values:
                    record(values);
                    break;
                case 0x70:
                    _awaiting.Dequeue();
                    return fields.Count > 0 && fields[0] is IReadOnlyDictionary<string, object?> map ? map : new Dictionary<string, object?>();
                case 0x7F:
                    var failed = _awaiting.Dequeue();
                    throw await FailureAsync(failed, fields, ct);
                case 0x7E:
                    var ignored = _awaiting.Dequeue();
                    await RecoverAsync(ct);
                    throw new BoltException("Bolt.Ignored", $"The server ignored {ignored} (an earlier request failed).");
                default:
                    throw new BoltProtocolException($"Unexpected Bolt message 0x{tag:X2} in reply to {_awaiting.Peek()}.");
            }
        }
    }

    // FAILURE: read the IGNORED replies of the requests pipelined after it, RESET, then hand back the server's error.
    private async Task<BoltException> FailureAsync(string request, IReadOnlyList<object?> fields, CancellationToken ct)
    {
        var metadata = fields.Count > 0 ? fields[0] as IReadOnlyDictionary<string, object?> : null;
        var code = metadata?.GetValueOrDefault("code") as string ?? metadata?.GetValueOrDefault("neo4j_code") as string ?? "Neo.DatabaseError.General.UnknownError";
        var message = metadata?.GetValueOrDefault("message") as string ?? metadata?.GetValueOrDefault("description") as string ?? "";
        if (code.StartsWith("Neo.ClientError.Security.", StringComparison.Ordinal))
        {
            Break(); // the server closes the connection after refusing credentials
            return new BoltAuthenticationException(code, message);
        }

        await RecoverAsync(ct);
        return new BoltException(code, message, request, metadata?.GetValueOrDefault("gql_status") as string);
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        _inTransaction = false;
        _beginQueued = false;
        Enqueue(0x0F, "RESET");
        await FlushAsync(ct);
        await DrainThroughResetAsync(ct);
    }

    // Reads every reply still owed, up to and including RESET's SUCCESS; earlier requests are IGNORED or fail.
    private async Task DrainThroughResetAsync(CancellationToken ct)
    {
        while (_awaiting.Count > 0)
        {
            var (tag, _) = await ReceiveAsync(ct);
            if (tag == 0x71)
            {
                continue; // records of a result nobody reads any more
            }

            var request = _awaiting.Dequeue();
            if (request == "RESET")
            {
                if (tag != 0x70)
                {
                    throw new BoltProtocolException($"RESET was answered with 0x{tag:X2}.");
                }

                if (_awaiting.Count > 0)
                {
                    throw new BoltProtocolException("Requests were sent after RESET before it was answered.");
                }

                return;
            }

            if (tag is not (0x70 or 0x7E or 0x7F))
            {
                throw new BoltProtocolException($"Unexpected Bolt message 0x{tag:X2} in reply to {request}.");
            }
        }
    }

    // Packs one request into the pipeline; nothing is written until FlushAsync.
    private void Enqueue(byte tag, string name, params object?[] fields)
    {
        EnsureOpen();
        _message.SetLength(0);
        try
        {
            _writer.WriteStructHeader(fields.Length, tag);
            foreach (var field in fields)
            {
                _writer.Write(field);
            }
        }
        catch (ArgumentException e)
        {
            throw new BoltParameterException($"{name} cannot be sent: {e.Message}", e);
        }

        var body = _message.GetBuffer().AsSpan(0, (int)_message.Length);
        Span<byte> header = stackalloc byte[2];
        for (var offset = 0; offset < body.Length; offset += ushort.MaxValue)
        {
            var size = Math.Min(ushort.MaxValue, body.Length - offset);
            BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)size);
            _pipeline.Write(header);
            _pipeline.Write(body.Slice(offset, size));
        }

        _pipeline.Write([0, 0]);
        _awaiting.Enqueue(name);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        EnsureOpen();
        var length = (int)_pipeline.Length;
        _pipeline.SetLength(0);
        await _stream.WriteAsync(_pipeline.GetBuffer().AsMemory(0, length), ct);
        await _stream.FlushAsync(ct);
        Writes++;
    }

    private async Task<(byte Tag, IReadOnlyList<object?> Fields)> ReceiveAsync(CancellationToken ct)
    {
        EnsureOpen();
        var message = new MemoryStream();
        var header = new byte[2];
        while (true)
        {
            await ReadExactlyAsync(header, ct);
            var size = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (size == 0)
            {
                if (message.Length == 0)
                {
                    continue; // a NOOP chunk between messages (keep-alive)
                }

                break;
            }

            var chunk = new byte[size];
            await ReadExactlyAsync(chunk, ct);
            message.Write(chunk);
        }

        var reader = new PackStreamReader(message.GetBuffer().AsMemory(0, (int)message.Length));
        var (count, tag) = reader.ReadStructHeader();
        var fields = new object?[count];
        for (var i = 0; i < count; i++)
        {
            fields[i] = reader.Read();
        }

        return (tag, fields);
    }

    private async Task ReadExactlyAsync(byte[] buffer, CancellationToken ct)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, ct);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException && e is not BoltProtocolException)
        {
            throw new BoltProtocolException("The connection to Neo4j was closed by the server or the network.", e);
        }
    }

    // Every request runs here: a server FAILURE (the connection was reset and stays usable) passes through; anything
    // else breaks the connection, so nobody reads a reply that belongs to another request.
    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (BoltException) when (IsOpen)
        {
            throw; // the server's FAILURE: the connection was reset and is in step
        }
        catch (BoltParameterException)
        {
            throw; // a parameter that cannot be encoded: nothing of that request was queued
        }
        catch (Exception e) when (e is BoltException or BoltProtocolException or OperationCanceledException)
        {
            Break();
            throw;
        }
        catch (Exception e)
        {
            Break();
            throw new BoltProtocolException($"The Bolt conversation failed and the connection was closed: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private async Task GuardAsync(Func<Task> work) => await GuardAsync(async () =>
    {
        await work();
        return 0;
    });

    private void Break()
    {
        IsOpen = false;
        _awaiting.Clear();
        _pipeline.SetLength(0);
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new BoltProtocolException("The connection to Neo4j is closed.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            try
            {
                _pipeline.SetLength(0);
                Enqueue(0x02, "GOODBYE"); // no reply
                await FlushAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // already gone
            }

            IsOpen = false;
        }

        await _stream.DisposeAsync();
        _tcp?.Dispose();
    }
}
