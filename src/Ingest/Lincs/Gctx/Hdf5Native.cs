using System.Reflection;
using System.Runtime.InteropServices;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// The slice of the HDF5 1.10 C API that GCTX needs (hid_t is 64-bit, hsize_t unsigned 64-bit). The library is found
/// as Debian's libhdf5_serial.so.103 or the names other platforms use; PERTURBKG_HDF5_LIBRARY overrides.
/// </summary>
internal static unsafe partial class Hdf5Native
{
    private const string Library = "hdf5";

    public const long Default = 0;           // H5P_DEFAULT, H5E_DEFAULT
    public const uint ReadOnly = 0;          // H5F_ACC_RDONLY
    public const uint Truncate = 2;          // H5F_ACC_TRUNC
    public const int SelectSet = 0;          // H5S_SELECT_SET
    public const int SelectOr = 1;           // H5S_SELECT_OR
    public const int ClassInteger = 0;       // H5T_INTEGER
    public const int ClassFloat = 1;         // H5T_FLOAT
    public const int ClassString = 3;        // H5T_STRING
    public const int StringPadNull = 1;      // H5T_STR_NULLPAD
    public static readonly nuint Variable = nuint.MaxValue; // H5T_VARIABLE

    private static readonly string[] Candidates =
    [
        "libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5_serial.so", "libhdf5.so", "libhdf5.310.dylib", "libhdf5.dylib", "hdf5.dll",
    ];

    private static readonly Lazy<IntPtr> Handle = new(LoadLibrary);

    // Runs before any call into the library: the generated P/Invoke stubs are members of this class.
    static Hdf5Native() => NativeLibrary.SetDllImportResolver(typeof(Hdf5Native).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? Handle.Value : IntPtr.Zero;

    private static IntPtr LoadLibrary()
    {
        var configured = Environment.GetEnvironmentVariable("PERTURBKG_HDF5_LIBRARY");
        foreach (var candidate in configured is null ? Candidates : [configured, .. Candidates])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            "Reading GCTX needs the HDF5 C library (Debian/Ubuntu: apt-get install libhdf5-103-1; " +
            "or set PERTURBKG_HDF5_LIBRARY to the library's path).");
    }

    /// <summary>Reads a global type or property-class id that the library exports as a variable.</summary>
    public static long Global(string symbol)
    {
        if (H5open() < 0)
        {
            throw new InvalidOperationException("The HDF5 library failed to initialise.");
        }

        return *(long*)NativeLibrary.GetExport(Handle.Value, symbol);
    }

    [LibraryImport(Library)] public static partial int H5open();
    [LibraryImport(Library)] public static partial int H5Eset_auto2(long stack, IntPtr func, IntPtr data);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Fopen(string name, uint flags, long fapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Fcreate(string name, uint flags, long fcpl, long fapl);
    [LibraryImport(Library)] public static partial int H5Fclose(long file);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Lexists(long location, string name, long lapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Gopen2(long location, string name, long gapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Gcreate2(long location, string name, long lcpl, long gcpl, long gapl);
    [LibraryImport(Library)] public static partial int H5Gclose(long group);
    [LibraryImport(Library)] public static partial int H5Gget_info(long group, GroupInfo* info);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial nint H5Lget_name_by_idx(long location, string group, int indexType, int order, ulong n, byte* name, nuint size, long lapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Dopen2(long location, string name, long dapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Dcreate2(long location, string name, long type, long space, long lcpl, long dcpl, long dapl);
    [LibraryImport(Library)] public static partial int H5Dclose(long dataset);
    [LibraryImport(Library)] public static partial long H5Dget_space(long dataset);
    [LibraryImport(Library)] public static partial long H5Dget_type(long dataset);
    [LibraryImport(Library)] public static partial int H5Dread(long dataset, long memType, long memSpace, long fileSpace, long xfer, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dwrite(long dataset, long memType, long memSpace, long fileSpace, long xfer, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dvlen_reclaim(long type, long space, long xfer, void* buffer);
    [LibraryImport(Library)] public static partial long H5Screate_simple(int rank, ulong* dims, ulong* maxDims);
    [LibraryImport(Library)] public static partial long H5Screate(int kind);
    [LibraryImport(Library)] public static partial int H5Sclose(long space);
    [LibraryImport(Library)] public static partial int H5Sget_simple_extent_ndims(long space);
    [LibraryImport(Library)] public static partial int H5Sget_simple_extent_dims(long space, ulong* dims, ulong* maxDims);
    [LibraryImport(Library)] public static partial long H5Sget_simple_extent_npoints(long space);
    [LibraryImport(Library)] public static partial int H5Sselect_hyperslab(long space, int op, ulong* start, ulong* stride, ulong* count, ulong* block);
    [LibraryImport(Library)] public static partial int H5Tget_class(long type);
    [LibraryImport(Library)] public static partial nuint H5Tget_size(long type);
    [LibraryImport(Library)] public static partial int H5Tis_variable_str(long type);
    [LibraryImport(Library)] public static partial long H5Tcopy(long type);
    [LibraryImport(Library)] public static partial int H5Tset_size(long type, nuint size);
    [LibraryImport(Library)] public static partial int H5Tset_strpad(long type, int pad);
    [LibraryImport(Library)] public static partial int H5Tclose(long type);
    [LibraryImport(Library)] public static partial long H5Pcreate(long propertyClass);
    [LibraryImport(Library)] public static partial int H5Pset_chunk(long plist, int rank, ulong* dims);
    [LibraryImport(Library)] public static partial int H5Pclose(long plist);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Aexists(long location, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Aopen(long location, string name, long aapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Acreate2(long location, string name, long type, long space, long acpl, long aapl);
    [LibraryImport(Library)] public static partial long H5Aget_type(long attribute);
    [LibraryImport(Library)] public static partial long H5Aget_space(long attribute);
    [LibraryImport(Library)] public static partial int H5Aread(long attribute, long memType, void* buffer);
    [LibraryImport(Library)] public static partial int H5Awrite(long attribute, long memType, void* buffer);
    [LibraryImport(Library)] public static partial int H5Aclose(long attribute);

    /// <summary>H5G_info_t of HDF5 1.10.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GroupInfo
    {
        public int StorageType;
        public ulong Links;
        public long MaxCreationOrder;
        public int Mounted;
    }
}
