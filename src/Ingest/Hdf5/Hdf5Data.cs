using System.Globalization;
using System.Runtime.InteropServices;
using PerturbKG.Ingest.Text;
using PureHDF;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.Hdf5;

/// <summary>
/// Reading HDF5 through PureHDF (managed, no native library) as GCTX and AnnData need it: objects found by path with
/// errors that name the file and the object, 1-D values as text or numbers whatever their stored type, and string
/// attributes. Fixed-length strings are decoded per element (UTF-8, else Latin-1: LINCS metadata holds Latin-1 µ).
/// </summary>
internal static class Hdf5Data
{
    public static NativeFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, 0, "file not found");
        }

        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not InvalidInputException and not OutOfMemoryException)
        {
            throw new InvalidInputException(path, 0, $"not a readable HDF5 file (truncated or corrupt?): {e.Message}");
        }
    }

    /// <summary>True when every link along a path exists.</summary>
    public static bool Exists(IH5Group root, string path)
    {
        var prefix = string.Empty;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + part;
            if (!root.LinkExists(prefix))
            {
                return false;
            }
        }

        return true;
    }

    public static IH5Object Get(IH5Group root, string file, string path) =>
        Exists(root, path) ? Guard(file, path, () => root.Get(path)) : throw Fail(file, path, "is missing");

    public static NativeDataset Dataset(IH5Group root, string file, string path) =>
        Get(root, file, path) as NativeDataset ?? throw Fail(file, path, "is not a dataset");

    public static IH5Group Group(IH5Group root, string file, string path) =>
        Get(root, file, path) as IH5Group ?? throw Fail(file, path, "is not a group");

    /// <summary>The dimensions of a dataset ([] for a scalar).</summary>
    /// <summary>Refuses a dataset whose values are not numbers PerturbKG reads as float32 (float32/64, int16/32/64).</summary>
    public static void RequireNumbers(IH5Dataset dataset, string file, string path)
    {
        var type = dataset.Type;
        if (type is not ({ Class: H5DataTypeClass.FloatingPoint, Size: 4 or 8 } or { Class: H5DataTypeClass.FixedPoint, Size: 2 or 4 or 8 }))
        {
            throw Fail(file, path, $"holds HDF5 {type.Class} values of {type.Size} bytes, not numbers");
        }
    }

    public static ulong[] Dimensions(IH5Dataset dataset) => dataset.Space.Dimensions;

    /// <summary>A dataset's values as text, in storage order: strings decoded, numbers formatted invariantly.</summary>
    public static string[] Text(IH5Dataset dataset, string file, string path) =>
        Guard(file, path, () => dataset.Type.Class switch
        {
            H5DataTypeClass.String => FixedStrings(dataset.Read<byte[]>(), dataset.Type.Size),
            H5DataTypeClass.VariableLength => dataset.Read<string[]>().Select(s => s ?? string.Empty).ToArray(),
            H5DataTypeClass.FloatingPoint => Numbers(dataset, file, path).Select(n => n.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated or H5DataTypeClass.BitField =>
                Integers(dataset, file, path).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray(),
            var other => throw Fail(file, path, $"holds HDF5 {other} values, which are not read as text"),
        });

    /// <summary>A dataset's numbers as doubles (integers, floats, booleans), in storage order.</summary>
    public static double[] Numbers(IH5Dataset dataset, string file, string path) =>
        Guard(file, path, () => dataset.Type.Class switch
        {
            H5DataTypeClass.FloatingPoint when dataset.Type.Size == 4 => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
            H5DataTypeClass.FloatingPoint when dataset.Type.Size == 8 => dataset.Read<double[]>(),
            H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated or H5DataTypeClass.BitField =>
                Array.ConvertAll(Integers(dataset, file, path), v => (double)v),
            var other => throw Fail(file, path, $"holds HDF5 {other} values of {dataset.Type.Size} bytes, not numbers"),
        });

    /// <summary>A dataset's integers (any width, signed or not; h5py booleans are 1-byte enums), in storage order.</summary>
    public static long[] Integers(IH5Dataset dataset, string file, string path)
    {
        var type = dataset.Type.Class == H5DataTypeClass.Enumerated ? dataset.Type.Enumeration.BaseType : dataset.Type;
        if (type.Class is not (H5DataTypeClass.FixedPoint or H5DataTypeClass.BitField))
        {
            throw Fail(file, path, $"holds HDF5 {type.Class} values, not integers");
        }

        var signed = type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned;
        var raw = Guard(file, path, () => dataset.Read<byte[]>());
        return (type.Size, signed) switch
        {
            (1, true) => Array.ConvertAll(MemoryMarshal.Cast<byte, sbyte>(raw).ToArray(), v => (long)v),
            (1, false) => Array.ConvertAll(raw, v => (long)v),
            (2, true) => Array.ConvertAll(MemoryMarshal.Cast<byte, short>(raw).ToArray(), v => (long)v),
            (2, false) => Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(raw).ToArray(), v => (long)v),
            (4, true) => Array.ConvertAll(MemoryMarshal.Cast<byte, int>(raw).ToArray(), v => (long)v),
            (4, false) => Array.ConvertAll(MemoryMarshal.Cast<byte, uint>(raw).ToArray(), v => (long)v),
            (8, true) => MemoryMarshal.Cast<byte, long>(raw).ToArray(),
            (8, false) => Array.ConvertAll(MemoryMarshal.Cast<byte, ulong>(raw).ToArray(), v => checked((long)v)),
            _ => throw Fail(file, path, $"holds {type.Size}-byte integers"),
        };
    }

    /// <summary>An attribute as text (a scalar, or the elements of an array joined by commas), or null when absent.</summary>
    public static string? AttributeText(IH5Object owner, string name, string file, string path)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        var values = Guard(file, $"{path}@{name}", () => attribute.Type.Class switch
        {
            H5DataTypeClass.String or H5DataTypeClass.VariableLength => AttributeStrings(attribute),
            H5DataTypeClass.FloatingPoint when attribute.Type.Size == 8 => ScalarOrArray<double>(attribute).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            H5DataTypeClass.FloatingPoint => ScalarOrArray<float>(attribute).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            H5DataTypeClass.FixedPoint when attribute.Type.Size == 8 => ScalarOrArray<long>(attribute).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            H5DataTypeClass.FixedPoint when attribute.Type.Size == 4 => ScalarOrArray<int>(attribute).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            var other => throw Fail(file, $"{path}@{name}", $"is an HDF5 {other} attribute, not text"),
        });
        return string.Join(",", values);
    }

    /// <summary>An attribute's integers (a scalar or an array), or null when absent.</summary>
    public static long[]? AttributeIntegers(IH5Object owner, string name, string file, string path)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return Guard(file, $"{path}@{name}", () => (attribute.Type.Class, attribute.Type.Size) switch
        {
            (H5DataTypeClass.FixedPoint, 8) => ScalarOrArray<long>(attribute),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(ScalarOrArray<int>(attribute), v => (long)v),
            (H5DataTypeClass.FixedPoint, 2) => Array.ConvertAll(ScalarOrArray<short>(attribute), v => (long)v),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(ScalarOrArray<double>(attribute), v => (long)v),
            var (other, size) => throw Fail(file, $"{path}@{name}", $"is an HDF5 {other} attribute of {size} bytes, not integers"),
        });
    }

    /// <summary>An attribute's strings (a scalar or an array), or null when absent.</summary>
    public static string[]? AttributeStrings(IH5Object owner, string name, string file, string path)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return Guard(file, $"{path}@{name}", () => attribute.Type.Class switch
        {
            H5DataTypeClass.String or H5DataTypeClass.VariableLength => AttributeStrings(attribute),
            _ => [], // h5py writes an empty list as a float array
        });
    }

    public static InvalidInputException Fail(string file, string path, string problem) => new(file, 0, $"HDF5 object '{path}' {problem}");

    // Attributes are small and written by AnnData/h5py/cmapR as UTF-8 or ASCII: decoded as UTF-8 whether fixed-length or not.
    private static string[] AttributeStrings(IH5Attribute attribute) =>
        attribute.Space.Type == H5DataspaceType.Scalar
            ? [(attribute.Read<string>() ?? string.Empty).TrimEnd('\0', ' ')]
            : attribute.Read<string[]>().Select(v => (v ?? string.Empty).TrimEnd('\0', ' ')).ToArray();

    private static T[] ScalarOrArray<T>(IH5Attribute attribute) =>
        attribute.Space.Type == H5DataspaceType.Scalar ? [attribute.Read<T>()] : attribute.Read<T[]>();

    private static string[] FixedStrings(byte[] bytes, int size)
    {
        var values = new string[size == 0 ? 0 : bytes.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var item = bytes.AsSpan(i * size, size);
            var end = item.IndexOf((byte)0);
            values[i] = FieldText.Decode((end < 0 ? item : item[..end]).TrimEnd((byte)' '));
        }

        return values;
    }

    private static T Guard<T>(string file, string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not InvalidInputException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw Fail(file, path, $"cannot be read: {e.Message}");
        }
    }
}
