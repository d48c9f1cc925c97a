using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PerturbKG.Store.Bolt;

namespace PerturbKG.Benchmarks.Bolt;

/// <summary>
/// Small auto-commit statements per second (<c>RETURN 1 AS x</c>, RUN + PULL each), against a local server that answers
/// every message at once, reached directly and through a proxy that delays every byte by a one-way latency (a network
/// between the application and Neo4j). The number is the client's round trips, not a database's work.
/// </summary>
public static class BoltStatementsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var statements = Option(args, "--statements", 2000);
        var latencies = (OptionText(args, "--latency-ms") ?? "0,1,5").Split(',').Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList();
        foreach (var latency in latencies)
        {
            var count = latency == 0 ? statements : Math.Max(100, statements / 10);
            var (seconds, writes) = await MeasureAsync(count, TimeSpan.FromMilliseconds(latency));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bolt statements: one-way latency {latency:0.#} ms: {count:N0} statements in {seconds:F2} s, {count / seconds:N0} statements/s, {seconds / count * 1000:F3} ms each{writes}"));
        }

        return 0;
    }

    private static async Task<(double Seconds, string Writes)> MeasureAsync(int count, TimeSpan latency)
    {
        var sink = new TcpListener(IPAddress.Loopback, 0);
        sink.Start();
        var answering = AnswerAsync(sink);
        var port = ((IPEndPoint)sink.LocalEndpoint).Port;
        TcpListener? proxy = null;
        Task? relaying = null;
        if (latency > TimeSpan.Zero)
        {
            proxy = new TcpListener(IPAddress.Loopback, 0);
            proxy.Start();
            relaying = RelayAsync(proxy, port, latency);
            port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        }

        var connection = await BoltConnection.OpenAsync(new BoltAddress("127.0.0.1", port, false, false), new BoltAuth("neo4j", "bench"), CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await connection.ExecuteAsync("RETURN 1 AS x", null, CancellationToken.None); // warm-up
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await connection.ExecuteAsync("RETURN 1 AS x", null, CancellationToken.None);
        }

        clock.Stop();
        var writes = Writes(connection);
        await connection.DisposeAsync();
        await answering;
        if (proxy is not null)
        {
            proxy.Stop();
            await relaying!;
        }

        sink.Stop();
        return (clock.Elapsed.TotalSeconds, writes);
    }

    // The client's socket writes, where it counts them (the pipelining client does).
    private static string Writes(BoltConnection connection) =>
        connection.GetType().GetProperty("Writes")?.GetValue(connection) is long writes ? $" ({writes:N0} socket writes)" : string.Empty;

    // Handshake → Bolt 5.4; then SUCCESS {} for every message until GOODBYE or close.
    private static async Task AnswerAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        client.NoDelay = true;
        var stream = client.GetStream();
        await stream.ReadExactlyAsync(new byte[20]);
        await stream.WriteAsync(new byte[] { 0, 0, 4, 5 });
        byte[] success = [0x00, 0x03, 0xB1, 0x70, 0xA0, 0x00, 0x00];
        var header = new byte[2];
        var buffer = new byte[65_535];
        var first = true;
        while (true)
        {
            try
            {
                await stream.ReadExactlyAsync(header);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException)
            {
                return;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (size == 0)
            {
                await stream.WriteAsync(success);
                first = true;
                continue;
            }

            await stream.ReadExactlyAsync(buffer.AsMemory(0, size));
            if (first && buffer[1] == 0x02)
            {
                return; // GOODBYE
            }

            first = false;
        }
    }

    // One connection relayed both ways, every read delivered `latency` after it arrived, in order.
    private static async Task RelayAsync(TcpListener listener, int target, TimeSpan latency)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        await server.ConnectAsync(IPAddress.Loopback, target);
        await Task.WhenAll(DelayAsync(client.GetStream(), server.GetStream(), latency), DelayAsync(server.GetStream(), client.GetStream(), latency));
    }

    private static async Task DelayAsync(NetworkStream from, NetworkStream to, TimeSpan latency)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var delivering = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in queue.Reader.ReadAllAsync())
            {
                // Timers fire late by up to a few ms here: sleep until 5 ms before the due time, then yield until it.
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(5))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(5));
                }

                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Yield();
                }

                try
                {
                    await to.WriteAsync(bytes);
                }
                catch (IOException)
                {
                    return;
                }
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        });
        var buffer = new byte[65_536];
        while (true)
        {
            int read;
            try
            {
                read = await from.ReadAsync(buffer);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                break;
            }

            queue.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(latency.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
        }

        queue.Writer.TryComplete();
        await delivering;
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
