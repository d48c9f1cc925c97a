using System.Buffers.Binary;
using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>The server side of Bolt's message framing, for the test servers: chunked PackStream structures.</summary>
internal static class BoltFraming
{
    /// <summary>Reads one message (chunks until the 0x0000 end marker) as its tag and fields.</summary>
    public static async Task<(byte Tag, IReadOnlyList<object?> Fields)> ReadAsync(Stream stream)
    {
        var message = new MemoryStream();
        var header = new byte[2];
        while (true)
        {
            await stream.ReadExactlyAsync(header);
            var size = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (size == 0)
            {
                break;
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk);
            message.Write(chunk);
        }

        var reader = new PackStreamReader(message.ToArray());
        var (count, tag) = reader.ReadStructHeader();
        return (tag, Enumerable.Range(0, count).Select(_ => reader.Read()).ToList());
    }

    /// <summary>Writes one message (structure with tag and fields) in chunks of at most 65,535 bytes, in one write.</summary>
    public static async Task WriteAsync(Stream stream, byte tag, IReadOnlyList<object?> fields)
    {
        var body = new MemoryStream();
        var writer = new PackStreamWriter(body);
        writer.WriteStructHeader(fields.Count, tag);
        foreach (var field in fields)
        {
            writer.Write(field);
        }

        var framed = new MemoryStream();
        var header = new byte[2];
        for (var offset = 0; offset < body.Length; offset += ushort.MaxValue)
        {
            var size = (int)Math.Min(ushort.MaxValue, body.Length - offset);
            BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)size);
            framed.Write(header);
            framed.Write(body.GetBuffer().AsSpan(offset, size));
        }

        framed.Write([0, 0]);
        await stream.WriteAsync(framed.ToArray());
    }
}
