using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PerturbKG.Store.Bolt;

namespace PerturbKG.Benchmarks.Bolt;

/// <summary>
/// Rows per second the Bolt client encodes and sends as <c>UNWIND $rows ... MERGE</c> batches, to a local socket sink
/// that answers every message with SUCCESS {} (so the number is the client's, not a database's).
/// </summary>
public static class BoltSendBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var batch = Option(args, "--batch", 10_000);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sink = SinkAsync(listener);
        var address = new BoltAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, false, false);
        await using var connection = await BoltConnection.OpenAsync(address, new BoltAuth("neo4j", "bench"), CancellationToken.None);

        var data = Enumerable.Range(0, batch).Select(i => (object?)new Dictionary<string, object?>
        {
            ["id"] = $"DB{i:D5}",
            ["name"] = $"compound {i}",
            ["type"] = "drug",
            ["weight"] = i * 0.001,
            ["targets"] = new List<object?> { (long)i, (long)(i + 1), (long)(i + 2) },
        }).ToList();
        const string query = "UNWIND $rows AS row MERGE (d:Drug {id: row.id}) SET d.name = row.name, d.weight = row.weight";
        await connection.ExecuteAsync(query, new Dictionary<string, object?> { ["rows"] = data }, CancellationToken.None); // warm-up

        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < rows)
        {
            await connection.ExecuteAsync(query, new Dictionary<string, object?> { ["rows"] = data }, CancellationToken.None);
            sent += batch;
        }

        clock.Stop();
        var seconds = clock.Elapsed.TotalSeconds;
        await connection.DisposeAsync();
        var bytes = await sink;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bolt send: {sent:N0} rows in batches of {batch:N0}: {seconds:F2} s, {sent / seconds:N0} rows/s ({bytes / seconds / 1e6:F0} MB/s received by the sink)"));
        return 0;
    }

    // Handshake → Bolt 5.4; then SUCCESS {} for every message until the client says GOODBYE or closes.
    private static async Task<long> SinkAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var handshake = new byte[20];
        await stream.ReadExactlyAsync(handshake);
        await stream.WriteAsync(new byte[] { 0, 0, 4, 5 });
        byte[] success = [0x00, 0x03, 0xB1, 0x70, 0xA0, 0x00, 0x00];
        var header = new byte[2];
        var buffer = new byte[65_535];
        long received = 0;
        var first = true;
        while (true)
        {
            try
            {
                await stream.ReadExactlyAsync(header);
            }
            catch (EndOfStreamException)
            {
                return received;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (size == 0)
            {
                await stream.WriteAsync(success);
                first = true;
                continue;
            }

            await stream.ReadExactlyAsync(buffer.AsMemory(0, size));
            received += size + 2;
            if (first && buffer[1] == 0x02)
            {
                return received; // GOODBYE
            }

            first = false;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
