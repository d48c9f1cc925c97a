using System.Globalization;
using System.Runtime.InteropServices;
using PerturbKG.Ingest.Text;
using static PerturbKG.Ingest.Lincs.Gctx.Hdf5Native;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// A read-only HDF5 file seen as GCTX needs it: groups, 1-D metadata datasets (as text), a 2-D float matrix read by
/// hyperslabs, and string attributes. Debian's libhdf5 is built without thread safety, so every call into it
/// holds one process-wide lock.
/// </summary>
internal sealed unsafe class Hdf5File : IDisposable
{
    internal static readonly Lock Gate = new();
    private static readonly Lazy<NativeTypes> Types = new(() => new NativeTypes(
        Global("H5T_NATIVE_FLOAT_g"), Global("H5T_NATIVE_DOUBLE_g"), Global("H5T_NATIVE_LLONG_g"), Global("H5T_C_S1_g")));

    private readonly long _file;

    private Hdf5File(string path, long file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    public static Hdf5File Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, 0, "file not found");
        }

        lock (Gate)
        {
            _ = Types.Value;
            H5Eset_auto2(Default, IntPtr.Zero, IntPtr.Zero); // errors come back as return codes, not stderr dumps
            var file = H5Fopen(path, ReadOnly, Default);
            if (file < 0)
            {
                throw new InvalidInputException(path, 0, "not a readable HDF5 file (truncated or corrupt?)");
            }

            return new Hdf5File(path, file);
        }
    }

    /// <summary>True when every link along an absolute path exists.</summary>
    public bool Exists(string path)
    {
        lock (Gate)
        {
            var prefix = string.Empty;
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                prefix += "/" + part;
                if (H5Lexists(_file, prefix, Default) <= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Names of a group's members.</summary>
    public IReadOnlyList<string> Members(string group)
    {
        lock (Gate)
        {
            var handle = Check(H5Gopen2(_file, group, Default), group);
            try
            {
                GroupInfo info;
                Check(H5Gget_info(handle, &info), group);
                var names = new List<string>();
                var buffer = stackalloc byte[1024];
                for (ulong i = 0; i < info.Links; i++)
                {
                    var length = H5Lget_name_by_idx(handle, ".", 0, 0, i, buffer, 1024, Default);
                    if (length < 0)
                    {
                        throw Fail(group, "cannot list its members");
                    }

                    names.Add(Marshal.PtrToStringUTF8((IntPtr)buffer, (int)length));
                }

                return names;
            }
            finally
            {
                H5Gclose(handle);
            }
        }
    }

    public ulong[] Dimensions(string dataset)
    {
        lock (Gate)
        {
            var handle = Check(H5Dopen2(_file, dataset, Default), dataset);
            var space = H5Dget_space(handle);
            try
            {
                var rank = H5Sget_simple_extent_ndims(space);
                var dims = new ulong[rank];
                fixed (ulong* d = dims)
                {
                    H5Sget_simple_extent_dims(space, d, null);
                }

                return dims;
            }
            finally
            {
                H5Sclose(space);
                H5Dclose(handle);
            }
        }
    }

    /// <summary>A 1-D dataset as text: strings decoded (UTF-8, else Latin-1), numbers formatted invariantly.</summary>
    public string[] ReadText(string dataset)
    {
        lock (Gate)
        {
            var handle = Check(H5Dopen2(_file, dataset, Default), dataset);
            var space = H5Dget_space(handle);
            var type = H5Dget_type(handle);
            try
            {
                var count = (int)H5Sget_simple_extent_npoints(space);
                return ReadValues(type, count, (memType, buffer) => H5Dread(handle, memType, Default, Default, Default, (void*)buffer),
                    (memType, buffer) => H5Dvlen_reclaim(memType, space, Default, (void*)buffer), dataset);
            }
            finally
            {
                H5Tclose(type);
                H5Sclose(space);
                H5Dclose(handle);
            }
        }
    }

    /// <summary>An attribute of the root group as text (scalar or the first element of an array), or null.</summary>
    public string? ReadRootAttribute(string name)
    {
        lock (Gate)
        {
            if (H5Aexists(_file, name) <= 0)
            {
                return null;
            }

            var attribute = Check(H5Aopen(_file, name, Default), name);
            var type = H5Aget_type(attribute);
            var space = H5Aget_space(attribute);
            try
            {
                var count = Math.Max(1, (int)H5Sget_simple_extent_npoints(space));
                var values = ReadValues(type, count, (memType, buffer) => H5Aread(attribute, memType, (void*)buffer),
                    (memType, buffer) => H5Dvlen_reclaim(memType, space, Default, (void*)buffer), name);
                return values.Length > 0 ? values[0] : null;
            }
            finally
            {
                H5Sclose(space);
                H5Tclose(type);
                H5Aclose(attribute);
            }
        }
    }

    /// <summary>
    /// Reads rows [firstRow, firstRow + rowCount) of a 2-D dataset, keeping only the given runs of columns (sorted,
    /// not overlapping). The destination is row-major: rowCount × (total run length), columns in ascending order.
    /// </summary>
    public void ReadRows(string dataset, int firstRow, int rowCount, IReadOnlyList<(int Start, int Length)> runs, Span<float> destination)
    {
        var width = runs.Sum(r => r.Length);
        if (destination.Length < rowCount * width)
        {
            throw new ArgumentException("The destination is too small for the selection.", nameof(destination));
        }

        lock (Gate)
        {
            var handle = Check(H5Dopen2(_file, dataset, Default), dataset);
            var fileSpace = H5Dget_space(handle);
            var memDims = stackalloc ulong[] { (ulong)rowCount, (ulong)width };
            var memSpace = H5Screate_simple(2, memDims, null);
            try
            {
                var start = stackalloc ulong[2];
                var count = stackalloc ulong[2];
                for (var i = 0; i < runs.Count; i++)
                {
                    start[0] = (ulong)firstRow;
                    start[1] = (ulong)runs[i].Start;
                    count[0] = (ulong)rowCount;
                    count[1] = (ulong)runs[i].Length;
                    Check(H5Sselect_hyperslab(fileSpace, i == 0 ? SelectSet : SelectOr, start, null, count, null), dataset);
                }

                fixed (float* buffer = destination)
                {
                    Check(H5Dread(handle, Types.Value.Float, memSpace, fileSpace, Default, buffer), dataset);
                }
            }
            finally
            {
                H5Sclose(memSpace);
                H5Sclose(fileSpace);
                H5Dclose(handle);
            }
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            H5Fclose(_file);
        }
    }

    private string[] ReadValues(long type, int count, Func<long, IntPtr, int> read, Action<long, IntPtr> reclaim, string what)
    {
        var values = new string[count];
        var typeClass = H5Tget_class(type);
        if (typeClass == ClassString && H5Tis_variable_str(type) > 0)
        {
            var memType = H5Tcopy(Types.Value.String);
            H5Tset_size(memType, Variable);
            var pointers = new IntPtr[count];
            fixed (IntPtr* p = pointers)
            {
                Check(read(memType, (IntPtr)p), what);
                for (var i = 0; i < count; i++)
                {
                    values[i] = pointers[i] == IntPtr.Zero ? string.Empty : FieldText.Decode(new ReadOnlySpan<byte>((byte*)pointers[i], StrLen((byte*)pointers[i])));
                }

                reclaim(memType, (IntPtr)p);
            }

            H5Tclose(memType);
            return values;
        }

        if (typeClass == ClassString)
        {
            var size = (int)H5Tget_size(type);
            var bytes = new byte[size * count];
            fixed (byte* b = bytes)
            {
                Check(read(type, (IntPtr)b), what);
            }

            for (var i = 0; i < count; i++)
            {
                var item = bytes.AsSpan(i * size, size);
                var end = item.IndexOf((byte)0);
                values[i] = FieldText.Decode((end < 0 ? item : item[..end]).TrimEnd((byte)' '));
            }

            return values;
        }

        if (typeClass == ClassInteger)
        {
            var numbers = new long[count];
            fixed (long* n = numbers)
            {
                Check(read(Types.Value.Long, (IntPtr)n), what);
            }

            return numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        if (typeClass == ClassFloat)
        {
            var numbers = new double[count];
            fixed (double* n = numbers)
            {
                Check(read(Types.Value.Double, (IntPtr)n), what);
            }

            return numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        }

        throw Fail(what, $"has an HDF5 type class ({typeClass}) that GCTX metadata does not use");
    }

    private static int StrLen(byte* s)
    {
        var n = 0;
        while (s[n] != 0)
        {
            n++;
        }

        return n;
    }

    private long Check(long id, string what) => id < 0 ? throw Fail(what, "cannot be opened") : id;

    private int Check(int status, string what) => status < 0 ? throw Fail(what, "cannot be read") : status;

    private InvalidInputException Fail(string what, string problem) => new(Path, 0, $"HDF5 object '{what}' {problem}");

    private sealed record NativeTypes(long Float, long Double, long Long, long String);
}
