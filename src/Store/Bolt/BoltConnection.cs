using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// One Bolt connection: negotiates Bolt 5.4–5.0 or 4.4, authenticates (HELLO + LOGON from 5.1, credentials in HELLO
/// before), and runs queries (RUN, then PULL in batches of the fetch size), explicit transactions (BEGIN, COMMIT,
/// ROLLBACK), RESET after a failure, and GOODBYE. Not thread-safe: one request at a time, as Bolt itself.
/// </summary>
public sealed class BoltConnection : IAsyncDisposable
{
    public const string UserAgent = "perturbkg/1.0";

    // 5.4 with a range of 4 (5.4 down to 5.0), then 4.4; unused slots are zero.
    private static readonly byte[] Handshake = [0x60, 0x60, 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly Stream _stream;
    private readonly TcpClient? _tcp;
    private readonly MemoryStream _outgoing = new();
    private readonly MemoryStream _framed = new();
    private readonly PackStreamWriter _writer;

    private BoltConnection(Stream stream, TcpClient? tcp)
    {
        _stream = stream;
        _tcp = tcp;
        _writer = new PackStreamWriter(_outgoing);
    }

    public (int Major, int Minor) Version { get; private set; }

    public string? Server { get; private set; }

    /// <summary>False once the connection broke or the server closed it; such a connection is never reused.</summary>
    public bool IsOpen { get; private set; } = true;

    public static async Task<BoltConnection> OpenAsync(BoltAddress address, BoltAuth auth, CancellationToken ct)
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

            var connection = new BoltConnection(stream, tcp);
            await connection.StartAsync(auth, ct);
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
    public static async Task<BoltConnection> OpenAsync(Stream stream, BoltAuth auth, CancellationToken ct)
    {
        var connection = new BoltConnection(stream, null);
        await connection.StartAsync(auth, ct);
        return connection;
    }

    private async Task StartAsync(BoltAuth auth, CancellationToken ct)
    {
        await _stream.WriteAsync(Handshake, ct);
        await _stream.FlushAsync(ct);
        var chosen = new byte[4];
        await ReadExactlyAsync(chosen, ct);
        Version = (chosen[3], chosen[2]);
        if (Version == (0, 0))
        {
            throw new BoltProtocolException("The server supports none of Bolt 5.0–5.4 or 4.4.");
        }

        if (Version.Major is not (4 or 5) || (Version.Major == 4 && Version.Minor != 4))
        {
            throw new BoltProtocolException($"The server chose Bolt {Version.Major}.{Version.Minor}, which was not offered.");
        }

        var hello = new Dictionary<string, object?> { ["user_agent"] = UserAgent };
        if (AtLeast(5, 3))
        {
            hello["bolt_agent"] = new Dictionary<string, object?> { ["product"] = UserAgent };
        }

        var separateLogon = AtLeast(5, 1);
        if (!separateLogon)
        {
            AddCredentials(hello, auth);
        }

        var helloReply = await RequestAsync(0x01, ct, hello);
        Server = helloReply.GetValueOrDefault("server") as string;
        if (separateLogon)
        {
            var logon = new Dictionary<string, object?>();
            AddCredentials(logon, auth);
            await RequestAsync(0x6A, ct, logon);
        }
    }

    private bool AtLeast(int major, int minor) => Version.Major > major || (Version.Major == major && Version.Minor >= minor);

    private static void AddCredentials(Dictionary<string, object?> map, BoltAuth auth)
    {
        map["scheme"] = "basic";
        map["principal"] = auth.User;
        map["credentials"] = auth.Password;
    }

    /// <summary>Runs a query (auto-commit, or inside the open transaction) and streams its records in batches of <paramref name="fetchSize"/>.</summary>
    public async Task<BoltResult> RunAsync(string query, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct, int fetchSize = 1000, string? database = null)
    {
        var extra = new Dictionary<string, object?>();
        if (database is not null && !_inTransaction)
        {
            extra["db"] = database;
        }

        var reply = await RequestAsync(0x10, ct, query, parameters ?? new Dictionary<string, object?>(), extra);
        var keys = (reply.GetValueOrDefault("fields") as IReadOnlyList<object?> ?? []).Select(k => (string)k!).ToList();
        return new BoltResult(this, new BoltKeys(keys), fetchSize);
    }

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

    private bool _inTransaction;

    public async Task BeginAsync(CancellationToken ct, string? database = null, bool write = true)
    {
        var extra = new Dictionary<string, object?>();
        if (database is not null)
        {
            extra["db"] = database;
        }

        if (!write)
        {
            extra["mode"] = "r";
        }

        await RequestAsync(0x11, ct, extra);
        _inTransaction = true;
    }

    public async Task<string?> CommitAsync(CancellationToken ct)
    {
        _inTransaction = false;
        var reply = await RequestAsync(0x12, ct);
        return reply.GetValueOrDefault("bookmark") as string;
    }

    public async Task RollbackAsync(CancellationToken ct)
    {
        _inTransaction = false;
        await RequestAsync(0x13, ct);
    }

    /// <summary>Clears a failure (and any open transaction) so the connection can be used again.</summary>
    public async Task ResetAsync(CancellationToken ct)
    {
        _inTransaction = false;
        await SendAsync(0x0F, ct);
        var (tag, fields) = await ReceiveAsync(ct);
        if (tag != 0x70)
        {
            IsOpen = false;
            throw new BoltProtocolException($"RESET was answered with 0x{tag:X2}; the connection is closed.");
        }

        _ = fields;
    }

    // PULL n: records until a SUCCESS; has_more says whether to pull again.
    internal async Task<(List<BoltRecord> Records, IReadOnlyDictionary<string, object?> Summary)> PullAsync(BoltKeys keys, int count, CancellationToken ct)
    {
        await SendAsync(0x3F, ct, new Dictionary<string, object?> { ["n"] = (long)count });
        var records = new List<BoltRecord>();
        while (true)
        {
            var (tag, fields) = await ReceiveAsync(ct);
            switch (tag)
            {
                case 0x71:
                    records.Add(new BoltRecord(keys, (IReadOnlyList<object?>)fields[0]!));
                    break;
                case 0x70:
                    return (records, (IReadOnlyDictionary<string, object?>)fields[0]!);
                default:
                    await FailAsync(tag, fields, ct);
                    break;
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, object?>> RequestAsync(byte tag, CancellationToken ct, params object?[] fields)
    {
        await SendAsync(tag, ct, fields);
        var (replyTag, replyFields) = await ReceiveAsync(ct);
        if (replyTag == 0x70)
        {
            return replyFields.Count > 0 ? (IReadOnlyDictionary<string, object?>)replyFields[0]! : new Dictionary<string, object?>();
        }

        await FailAsync(replyTag, replyFields, ct);
        throw new InvalidOperationException("unreachable");
    }

    // FAILURE → RESET (so the connection stays usable) and throw the server's code and message; IGNORED likewise.
    private async Task FailAsync(byte tag, IReadOnlyList<object?> fields, CancellationToken ct)
    {
        if (tag == 0x7F)
        {
            var metadata = (IReadOnlyDictionary<string, object?>)fields[0]!;
            var code = metadata.GetValueOrDefault("code") as string ?? metadata.GetValueOrDefault("neo4j_code") as string ?? "Neo.DatabaseError.General.UnknownError";
            var message = metadata.GetValueOrDefault("message") as string ?? "";
            if (code.StartsWith("Neo.ClientError.Security.", StringComparison.Ordinal))
            {
                IsOpen = false; // the server closes the connection after refusing credentials
                throw new BoltAuthenticationException(code, message);
            }

            if (IsOpen)
            {
                await ResetAsync(ct);
            }

            throw new BoltException(code, message);
        }

        if (tag == 0x7E)
        {
            await ResetAsync(ct);
            throw new BoltException("Bolt.Ignored", "The server ignored the request (an earlier one failed).");
        }

        IsOpen = false;
        throw new BoltProtocolException($"Unexpected Bolt message 0x{tag:X2}.");
    }

    private async Task SendAsync(byte tag, CancellationToken ct, params object?[] fields)
    {
        EnsureOpen();
        _outgoing.SetLength(0);
        _writer.WriteStructHeader(fields.Length, tag);
        foreach (var field in fields)
        {
            _writer.Write(field);
        }

        // Chunk headers, body and end marker go out in one write: one packet for a small message, not three.
        var body = _outgoing.GetBuffer().AsSpan(0, (int)_outgoing.Length);
        _framed.SetLength(0);
        Span<byte> header = stackalloc byte[2];
        for (var offset = 0; offset < body.Length; offset += ushort.MaxValue)
        {
            var size = Math.Min(ushort.MaxValue, body.Length - offset);
            BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)size);
            _framed.Write(header);
            _framed.Write(body.Slice(offset, size));
        }

        _framed.Write([0, 0]);
        try
        {
            await _stream.WriteAsync(_framed.GetBuffer().AsMemory(0, (int)_framed.Length), ct);
            await _stream.FlushAsync(ct);
        }
        catch (IOException e) when (e is not BoltProtocolException)
        {
            IsOpen = false;
            throw new BoltProtocolException($"The connection to Neo4j broke while sending: {e.Message}", e);
        }
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
            IsOpen = false;
            throw new BoltProtocolException("The connection to Neo4j was closed by the server or the network.", e);
        }
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
                await SendAsync(0x02, CancellationToken.None); // GOODBYE: no reply
            }
            catch (BoltProtocolException)
            {
                // already gone
            }

            IsOpen = false;
        }

        await _stream.DisposeAsync();
        _tcp?.Dispose();
    }
}
