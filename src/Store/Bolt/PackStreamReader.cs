using System.Buffers.Binary;
using System.Text;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// Reads PackStream v1 values from one Bolt message, turning Bolt's graph, temporal and spatial structures into
/// records: integers come back as <see cref="long"/>, floats as <see cref="double"/>, maps as dictionaries, lists as lists.
/// </summary>
internal sealed class PackStreamReader(ReadOnlyMemory<byte> message)
{
    private int _position;

    public bool AtEnd => _position >= message.Length;

    /// <summary>A message's structure header: its field count and tag (the message signature).</summary>
    public (int Fields, byte Tag) ReadStructHeader()
    {
        var marker = Byte();
        if ((marker & 0xF0) != 0xB0)
        {
            throw new BoltProtocolException($"Expected a structure, found marker 0x{marker:X2}.");
        }

        return (marker & 0x0F, Byte());
    }

    public object? Read()
    {
        var marker = Byte();
        if (marker < 0x80)
        {
            return (long)marker;
        }

        if (marker >= 0xF0)
        {
            return (long)(sbyte)marker;
        }

        return (marker & 0xF0) switch
        {
            0x80 => String(marker & 0x0F),
            0x90 => List(marker & 0x0F),
            0xA0 => Map(marker & 0x0F),
            0xB0 => Structure(marker & 0x0F, Byte()),
            _ => marker switch
            {
                0xC0 => null,
                0xC1 => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
                0xC2 => false,
                0xC3 => true,
                0xC8 => (long)(sbyte)Byte(),
                0xC9 => (long)BinaryPrimitives.ReadInt16BigEndian(Take(2)),
                0xCA => (long)BinaryPrimitives.ReadInt32BigEndian(Take(4)),
                0xCB => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
                0xCC => Take(Byte()).ToArray(),
                0xCD => Take(BinaryPrimitives.ReadUInt16BigEndian(Take(2))).ToArray(),
                0xCE => Take(Size32()).ToArray(),
                0xD0 => String(Byte()),
                0xD1 => String(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xD2 => String(Size32()),
                0xD4 => List(Byte()),
                0xD5 => List(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xD6 => List(Size32()),
                0xD8 => Map(Byte()),
                0xD9 => Map(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xDA => Map(Size32()),
                _ => throw new BoltProtocolException($"Unknown PackStream marker 0x{marker:X2}."),
            },
        };
    }

    public IReadOnlyDictionary<string, object?> ReadMap() =>
        Read() as IReadOnlyDictionary<string, object?> ?? throw new BoltProtocolException("Expected a map.");

    public IReadOnlyList<object?> ReadList() =>
        Read() as IReadOnlyList<object?> ?? throw new BoltProtocolException("Expected a list.");

    private object Structure(int fields, byte tag)
    {
        if (Expected(tag) is { } expected && expected != fields)
        {
            throw new BoltProtocolException($"A structure 0x{tag:X2} has {fields} fields; Bolt gives it {expected}.");
        }

        var values = new object?[fields];
        for (var i = 0; i < fields; i++)
        {
            values[i] = Read();
        }

        return tag switch
        {
            0x4E => Node(values),
            0x52 => new BoltRelationship(L(values[0]), L(values[1]), L(values[2]), (string)values[3]!, Props(values[4]),
                At(values, 5), At(values, 6), At(values, 7)),
            0x72 => new BoltUnboundRelationship(L(values[0]), (string)values[1]!, Props(values[2]), At(values, 3)),
            0x50 => new BoltPath(
                ((IReadOnlyList<object?>)values[0]!).Select(n => (BoltNode)n!).ToList(),
                ((IReadOnlyList<object?>)values[1]!).Select(r => (BoltUnboundRelationship)r!).ToList(),
                ((IReadOnlyList<object?>)values[2]!).Select(i => (long)i!).ToList()),
            // Temporal values: .NET types when they hold the value exactly, else the project's (BoltValues.cs); never a throw.
            0x44 => BoltTemporal.Date(L(values[0])),
            0x54 => new BoltOffsetTime(L(values[0]), (int)L(values[1])),
            0x74 => BoltTemporal.LocalTime(L(values[0])),
            0x64 => BoltTemporal.LocalDateTime(L(values[0]), L(values[1])),
            // Bolt 5 and 4.4 with the "utc" patch (0x49, 0x69): seconds since the epoch in UTC.
            0x49 => BoltTemporal.Instant(L(values[0]), L(values[1]), L(values[2])),
            0x69 => new BoltZonedDateTime(L(values[0]), (int)L(values[1]), S(values[2])),
            // Bolt 4.4 without it (0x46, 0x66): seconds of the local wall-clock time.
            0x46 => BoltTemporal.Instant(L(values[0]) - L(values[2]), L(values[1]), L(values[2])),
            0x66 => LegacyZoned(L(values[0]), L(values[1]), S(values[2])),
            0x45 => new BoltDuration(L(values[0]), L(values[1]), L(values[2]), (int)L(values[3])),
            0x58 => new BoltPoint((int)L(values[0]), D(values[1]), D(values[2]), null),
            0x59 => new BoltPoint((int)L(values[0]), D(values[1]), D(values[2]), D(values[3])),
            _ => new BoltStructure(tag, values),
        };
    }

    private static int? Expected(byte tag) => tag switch
    {
        0x44 or 0x74 => 1,
        0x54 or 0x64 => 2,
        0x49 or 0x69 or 0x46 or 0x66 or 0x58 or 0x50 => 3,
        0x45 or 0x59 => 4,
        _ => null,
    };

    private static BoltNode Node(object?[] v) =>
        new(L(v[0]), ((IReadOnlyList<object?>)v[1]!).Select(l => (string)l!).ToList(), Props(v[2]), At(v, 3));

    private static long L(object? value) => value as long? ?? throw new BoltProtocolException("Expected an integer field.");

    private static string S(object? value) => value as string ?? throw new BoltProtocolException("Expected a string field.");

    private static double D(object? value) => value as double? ?? throw new BoltProtocolException("Expected a float field.");

    // The zone's offset at that wall-clock time, from this machine's time-zone database; without it, the wall clock only.
    private static object LegacyZoned(long localSeconds, long nanos, string zone) =>
        BoltTemporal.OffsetAtWallClock(zone, localSeconds, nanos) is { } offset
            ? new BoltZonedDateTime(localSeconds - (long)offset.TotalSeconds, (int)nanos, zone)
            : new BoltWallClockZonedDateTime(localSeconds, (int)nanos, zone);

    private static string? At(object?[] values, int index) => index < values.Length ? values[index] as string : null;

    private static IReadOnlyDictionary<string, object?> Props(object? value) =>
        value as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();

    private string String(int length) => Encoding.UTF8.GetString(Take(length));

    private List<object?> List(int count)
    {
        var list = new List<object?>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Read());
        }

        return list;
    }

    private Dictionary<string, object?> Map(int count)
    {
        var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = Read() as string ?? throw new BoltProtocolException("A PackStream map key must be a string.");
            map[key] = Read();
        }

        return map;
    }

    private int Size32()
    {
        var size = BinaryPrimitives.ReadInt32BigEndian(Take(4));
        return size >= 0 ? size : throw new BoltProtocolException("A PackStream size above 2^31 is not supported.");
    }

    private byte Byte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_position + count > message.Length)
        {
            throw new BoltProtocolException("The message ends in the middle of a value.");
        }

        var span = message.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
