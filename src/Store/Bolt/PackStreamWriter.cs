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
            case IList list: WriteListHeader(list.Count); foreach (var item in list) { Write(item); } break;
            case IEnumerable sequence and not string: Write(sequence.Cast<object?>().ToList()); break;
            default: throw new ArgumentException($"PackStream cannot encode a {value.GetType().Name}.", nameof(value));
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
