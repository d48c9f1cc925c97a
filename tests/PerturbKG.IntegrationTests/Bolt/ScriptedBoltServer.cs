using System.Net;
using System.Net.Sockets;
using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>
/// A Bolt server that plays one scripted exchange on a real socket: it checks every byte or message the client sends
/// against the script and answers as written. A mismatch fails <see cref="Completion"/> with what differed.
/// </summary>
public sealed class ScriptedBoltServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<List<Func<NetworkStream, Task>>> _scripts = [[]];
    private Task? _run;

    public ScriptedBoltServer() => _listener.Start();

    public BoltAddress Address => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, false, false);

    /// <summary>Every message the client sent, as (tag, fields), in order.</summary>
    public List<(byte Tag, IReadOnlyList<object?> Fields)> Received { get; } = [];

    /// <summary>How many of the messages in <see cref="Received"/> each connection sent, in connection order.</summary>
    public List<int> ReceivedPerConnection { get; } = [];

    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>The steps after this play on the next connection the client opens.</summary>
    public ScriptedBoltServer NextConnection()
    {
        _scripts.Add([]);
        return this;
    }

    /// <summary>Expects the 20-byte handshake offering 5.8–5.0 and 4.4, and answers with the chosen version.</summary>
    public ScriptedBoltServer Handshake(int major, int minor) => Step(async stream =>
    {
        var offer = new byte[20];
        await stream.ReadExactlyAsync(offer);
        Equal([0x60, 0x60, 0xB0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0], offer, "handshake");
        await stream.WriteAsync(new byte[] { 0, 0, (byte)minor, (byte)major });
    });

    /// <summary>Expects exactly these bytes (chunk headers included).</summary>
    public ScriptedBoltServer ExpectBytes(params byte[] expected) => Step(async stream =>
    {
        var actual = new byte[expected.Length];
        await stream.ReadExactlyAsync(actual);
        Equal(expected, actual, "bytes");
        var reader = new PackStreamReader(actual.AsMemory(2, actual.Length - 4));
        var (count, tag) = reader.ReadStructHeader();
        Received.Add((tag, Enumerable.Range(0, count).Select(_ => reader.Read()).ToList()));
    });

    /// <summary>Expects a message with this tag (signature).</summary>
    public ScriptedBoltServer Expect(byte tag) => Step(async stream =>
    {
        var (actual, fields) = await BoltFraming.ReadAsync(stream);
        if (actual != tag)
        {
            throw new InvalidOperationException($"expected message 0x{tag:X2}, the client sent 0x{actual:X2}");
        }

        Received.Add((actual, fields));
    });

    /// <summary>Sends these bytes as they are (a message written out from the spec).</summary>
    public ScriptedBoltServer SendBytes(params byte[] bytes) => Step(stream => stream.WriteAsync(bytes).AsTask());

    /// <summary>Sends a message: structure with tag and fields, chunked.</summary>
    public ScriptedBoltServer Send(byte tag, params object?[] fields) => Step(stream => BoltFraming.WriteAsync(stream, tag, fields));

    public ScriptedBoltServer Success(Dictionary<string, object?>? metadata = null) => Send(0x70, metadata ?? new Dictionary<string, object?>());

    public ScriptedBoltServer Record(params object?[] values) => Send(0x71, values.ToList());

    public ScriptedBoltServer Failure(string code, string message) =>
        Send(0x7F, new Dictionary<string, object?> { ["code"] = code, ["message"] = message });

    public ScriptedBoltServer Ignored() => Send(0x7E);

    /// <summary>Waits before the next step (a slow server).</summary>
    public ScriptedBoltServer Pause(TimeSpan time) => Step(_ => Task.Delay(time));

    /// <summary>Closes the socket (a crashed server or a cut network).</summary>
    public ScriptedBoltServer Drop() => Step(stream =>
    {
        stream.Socket.Close(0);
        return Task.CompletedTask;
    });

    /// <summary>Starts accepting: each script is played against the next connection, in order.</summary>
    public ScriptedBoltServer Start()
    {
        _run = Task.Run(async () =>
        {
            foreach (var script in _scripts)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var before = Received.Count;
                foreach (var step in script)
                {
                    await step(stream);
                }

                // Let the client finish (GOODBYE or close) before the socket goes; what it still sends is recorded.
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(script == _scripts[^1] ? 2 : 10));
                    while (true)
                    {
                        var (tag, fields) = await BoltFraming.ReadAsync(stream).WaitAsync(timeout.Token);
                        Received.Add((tag, fields));
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or EndOfStreamException or ObjectDisposedException)
                {
                }

                ReceivedPerConnection.Add(Received.Count - before);
            }
        });
        return this;
    }

    private ScriptedBoltServer Step(Func<NetworkStream, Task> step)
    {
        _scripts[^1].Add(step);
        return this;
    }

    private static void Equal(byte[] expected, byte[] actual, string what)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            throw new InvalidOperationException($"{what}: expected {Convert.ToHexString(expected)}, got {Convert.ToHexString(actual)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // the test asserts Completion itself
            }
        }
    }
}
