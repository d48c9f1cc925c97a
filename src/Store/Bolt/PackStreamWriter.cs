using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace PerturbKG.Store.Bolt;

/// <summary>
/// Writes PackStream v1 values (Bolt's serialisation): null, booleans, integers in their smallest form, 64-bit floats,
/// UTF-8 strings, byte arrays, lists, string-keyed maps and structure headers. Big-endian throughout.
/// </summary>
internal sealed class PackStreamWriter(Stream output)
{
    private readonly byte[] _scratch = new byte[9];

    /// <summary>
    /// Date-times as Bolt 5 sends them (UTC seconds, 0x49/0x69); false for a Bolt 4.4 server that did not take the
    /// "utc" patch (wall-clock seconds, 0x46/0x66).
    /// </summary>
    public bool Utc { get; set; } = true;

    public void Write(object? value)
    {
        switch (value)
        {
            case null: output.WriteByte(0xC0); break;
            case bool b: output.WriteByte(b ? (byte)0xC3 : (byte)0xC2); break;
            case sbyte or byte or short or ushort or int or uint or long: WriteInteger(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case float f: WriteFloat(f); break;
            case double d: WriteFloat(d); break;
            case string s: WriteString(s); break;
            case byte[] bytes: WriteBytes(bytes); break;
            case IDictionary<string, object?> map: WriteMap(map); break;
            case IReadOnlyDictionary<string, object?> map: WriteMap(map); break;
            case float[] floats: WriteListHeader(floats.Length); foreach (var x in floats) { WriteFloat(x); } break;
            case double[] doubles: WriteListHeader(doubles.Length); foreach (var x in doubles) { WriteFloat(x); } break;
            case DateOnly or TimeOnly or DateTime or DateTimeOffset or TimeSpan or BoltDate or BoltLocalTime or BoltOffsetTime
                or BoltLocalDateTime or BoltDateTime or BoltZonedDateTime or BoltDuration or BoltPoint: WriteTemporalOrSpatial(value); break;
            case IList list: WriteListHeader(list.Count); foreach (var item in list) { Write(item); } break;
            case IEnumerable sequence and not string: Write(sequence.Cast<object?>().ToList()); break;
            default: throw new ArgumentException($"PackStream cannot encode a {value.GetType().Name}.", nameof(value));
        }
    }

    // The layouts of the Bolt 5 specification: Date 0x44 (days), LocalTime 0x74 (ns of day), Time 0x54 (ns, offset),
    // LocalDateTime 0x64 (s, ns), DateTime 0x49 (UTC s, ns, offset) or 0x46 (wall-clock s), DateTimeZoneId 0x69 or 0x66,
    // Duration 0x45 (months, days, s, ns), Point2D 0x58 (srid, x, y), Point3D 0x59 (srid, x, y, z).
    private void WriteTemporalOrSpatial(object value)
    {
        switch (value)
        {
            case DateOnly date: Struct(0x44, BoltTemporal.Days(date)); break;
            case BoltDate date: Struct(0x44, date.EpochDays); break;
            case TimeOnly time: Struct(0x74, time.Ticks * 100); break;
            case BoltLocalTime time: Struct(0x74, time.NanosecondOfDay); break;
            case BoltOffsetTime time: Struct(0x54, time.NanosecondOfDay, time.OffsetSeconds); break;
            case DateTime { Kind: DateTimeKind.Unspecified } local:
                var (seconds, nanos) = BoltTemporal.Split(local.Ticks);
                Struct(0x64, seconds, nanos);
                break;
            case DateTime instant: WriteInstant(new DateTimeOffset(instant)); break;
            case DateTimeOffset instant: WriteInstant(instant); break;
            case BoltLocalDateTime local: Struct(0x64, local.EpochSeconds, local.Nanoseconds); break;
            case BoltDateTime instant:
                Struct(Utc ? (byte)0x49 : (byte)0x46, Utc ? instant.EpochSeconds : instant.EpochSeconds + instant.OffsetSeconds, instant.Nanoseconds, instant.OffsetSeconds);
                break;
            case BoltZonedDateTime zoned: WriteZoned(zoned); break;
            case TimeSpan span:
                var (spanSeconds, spanNanos) = BoltTemporal.SplitNanos((Int128)span.Ticks * 100);
                Struct(0x45, 0L, 0L, spanSeconds, spanNanos);
                break;
            case BoltDuration d: Struct(0x45, d.Months, d.Days, d.Seconds, d.Nanoseconds); break;
            case BoltPoint { Z: null } p:
                WriteStructHeader(3, 0x58);
                WriteInteger(p.Srid);
                WriteFloat(p.X);
                WriteFloat(p.Y);
                break;
            case BoltPoint p:
                WriteStructHeader(4, 0x59);
                WriteInteger(p.Srid);
                WriteFloat(p.X);
                WriteFloat(p.Y);
                WriteFloat(p.Z!.Value);
                break;
        }
    }

    private void WriteInstant(DateTimeOffset instant)
    {
        var (seconds, nanos) = BoltTemporal.Split(instant.UtcTicks);
        var offset = (long)instant.Offset.TotalSeconds;
        Struct(Utc ? (byte)0x49 : (byte)0x46, Utc ? seconds : seconds + offset, nanos, offset);
    }

    private void WriteZoned(BoltZonedDateTime zoned)
    {
        if (Utc)
        {
            WriteStructHeader(3, 0x69);
            WriteInteger(zoned.EpochSeconds);
            WriteInteger(zoned.Nanoseconds);
            WriteString(zoned.ZoneId);
            return;
        }

        var offset = BoltTemporal.OffsetAtInstant(zoned.ZoneId, zoned.EpochSeconds, zoned.Nanoseconds)
            ?? throw new ArgumentException(
                $"A date-time in zone '{zoned.ZoneId}' cannot be sent to this Bolt 4.4 server: it wants wall-clock time, and this machine's time-zone database does not know the zone.");
        WriteStructHeader(3, 0x66);
        WriteInteger(zoned.EpochSeconds + (long)offset.TotalSeconds);
        WriteInteger(zoned.Nanoseconds);
        WriteString(zoned.ZoneId);
    }

    private void Struct(byte tag, params long[] fields)
    {
        WriteStructHeader(fields.Length, tag);
        foreach (var field in fields)
        {
            WriteInteger(field);
        }
    }

    public void WriteInteger(long value)
    {
        if (value is >= -16 and <= 127)
        {
            output.WriteByte(unchecked((byte)value));
        }
        else if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            output.WriteByte(0xC8);
            output.WriteByte(unchecked((byte)value));
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            _scratch[0] = 0xC9;
            BinaryPrimitives.WriteInt16BigEndian(_scratch.AsSpan(1), (short)value);
            output.Write(_scratch, 0, 3);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            _scratch[0] = 0xCA;
            BinaryPrimitives.WriteInt32BigEndian(_scratch.AsSpan(1), (int)value);
            output.Write(_scratch, 0, 5);
        }
        else
        {
            _scratch[0] = 0xCB;
            BinaryPrimitives.WriteInt64BigEndian(_scratch.AsSpan(1), value);
            output.Write(_scratch, 0, 9);
        }
    }

    public void WriteFloat(double value)
    {
        _scratch[0] = 0xC1;
        BinaryPrimitives.WriteDoubleBigEndian(_scratch.AsSpan(1), value);
        output.Write(_scratch, 0, 9);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Header(length, 0x80, 0xD0, 0xD1, 0xD2);
        Span<byte> small = stackalloc byte[256];
        var buffer = length <= small.Length ? small[..length] : new byte[length];
        Encoding.UTF8.GetBytes(value, buffer);
        output.Write(buffer);
    }

    public void WriteBytes(byte[] value)
    {
        if (value.Length <= byte.MaxValue)
        {
            output.WriteByte(0xCC);
            output.WriteByte((byte)value.Length);
        }
        else if (value.Length <= ushort.MaxValue)
        {
            _scratch[0] = 0xCD;
            BinaryPrimitives.WriteUInt16BigEndian(_scratch.AsSpan(1), (ushort)value.Length);
            output.Write(_scratch, 0, 3);
        }
        else
        {
            _scratch[0] = 0xCE;
            BinaryPrimitives.WriteInt32BigEndian(_scratch.AsSpan(1), value.Length);
            output.Write(_scratch, 0, 5);
        }

        output.Write(value);
    }

    public void WriteListHeader(int count) => Header(count, 0x90, 0xD4, 0xD5, 0xD6);

    public void WriteMapHeader(int count) => Header(count, 0xA0, 0xD8, 0xD9, 0xDA);

    public void WriteMap(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var entries = map as ICollection<KeyValuePair<string, object?>> ?? map.ToList();
        WriteMapHeader(entries.Count);
        foreach (var (key, value) in entries)
        {
            WriteString(key);
            Write(value);
        }
    }

    /// <summary>A structure header: field count (at most 15) and tag; the fields follow.</summary>
    public void WriteStructHeader(int fields, byte tag)
    {
        if (fields is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(fields), "A PackStream structure has at most 15 fields.");
        }

        output.WriteByte((byte)(0xB0 | fields));
        output.WriteByte(tag);
    }

    private void Header(int size, byte tiny, byte eight, byte sixteen, byte thirtyTwo)
    {
        if (size < 16)
        {
            output.WriteByte((byte)(tiny | size));
        }
        else if (size <= byte.MaxValue)
        {
            output.WriteByte(eight);
            output.WriteByte((byte)size);
        }
        else if (size <= ushort.MaxValue)
        {
            _scratch[0] = sixteen;
            BinaryPrimitives.WriteUInt16BigEndian(_scratch.AsSpan(1), (ushort)size);
            output.Write(_scratch, 0, 3);
        }
        else
        {
            _scratch[0] = thirtyTwo;
            BinaryPrimitives.WriteInt32BigEndian(_scratch.AsSpan(1), size);
            output.Write(_scratch, 0, 5);
        }
    }
}
