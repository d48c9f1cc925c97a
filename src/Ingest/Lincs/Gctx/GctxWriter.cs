using System.Text;
using static PerturbKG.Ingest.Lincs.Gctx.Hdf5Native;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// Writes a GCTX file in cmapR's layout (matrix stored columns × rows, chunked; fixed-length string metadata;
/// a "version" attribute). Used by the synthetic generator and by tests.
/// </summary>
public static unsafe class GctxWriter
{
    /// <param name="values">The matrix as GCT sees it, rows (genes) × columns (signatures): values[row, column].</param>
    public static void Write(string path, float[,] values, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, int chunkColumns = 256)
    {
        var rows = values.GetLength(0);
        var columns = values.GetLength(1);
        lock (Hdf5File.Gate)
        {
            H5Eset_auto2(Default, IntPtr.Zero, IntPtr.Zero);
            var floatType = Global("H5T_NATIVE_FLOAT_g");
            var stringType = Global("H5T_C_S1_g");
            var chunkClass = Global("H5P_CLS_DATASET_CREATE_ID_g");
            var file = Ok(H5Fcreate(path, Truncate, Default, Default), path);
            try
            {
                WriteVersion(file, stringType);
                foreach (var group in new[] { "/0", "/0/DATA", "/0/DATA/0", "/0/META", "/0/META/ROW", "/0/META/COL" })
                {
                    H5Gclose(Ok(H5Gcreate2(file, group, Default, Default, Default), group));
                }

                // Stored transposed: HDF5 rows are GCT columns.
                var stored = new float[columns * rows];
                for (var c = 0; c < columns; c++)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        stored[(c * rows) + r] = values[r, c];
                    }
                }

                var dims = stackalloc ulong[] { (ulong)columns, (ulong)rows };
                var chunk = stackalloc ulong[] { (ulong)Math.Max(1, Math.Min(chunkColumns, columns)), (ulong)Math.Max(1, rows) };
                var space = H5Screate_simple(2, dims, null);
                var plist = H5Pcreate(chunkClass);
                H5Pset_chunk(plist, 2, chunk);
                var dataset = Ok(H5Dcreate2(file, "/0/DATA/0/matrix", floatType, space, Default, plist, Default), "matrix");
                fixed (float* data = stored)
                {
                    Ok(H5Dwrite(dataset, floatType, Default, Default, Default, data), "matrix");
                }

                H5Dclose(dataset);
                H5Pclose(plist);
                H5Sclose(space);
                foreach (var (name, items) in rowMeta)
                {
                    WriteStrings(file, $"/0/META/ROW/{name}", items, stringType);
                }

                foreach (var (name, items) in columnMeta)
                {
                    WriteStrings(file, $"/0/META/COL/{name}", items, stringType);
                }
            }
            finally
            {
                H5Fclose(file);
            }
        }
    }

    private static void WriteStrings(long file, string name, string[] items, long stringType)
    {
        var encoded = items.Select(Encoding.UTF8.GetBytes).ToArray();
        var size = Math.Max(1, encoded.Length == 0 ? 1 : encoded.Max(e => e.Length));
        var type = H5Tcopy(stringType);
        H5Tset_size(type, (nuint)size);
        H5Tset_strpad(type, StringPadNull);
        var bytes = new byte[size * items.Length];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i].CopyTo(bytes, i * size);
        }

        var dims = stackalloc ulong[] { (ulong)items.Length };
        var space = H5Screate_simple(1, dims, null);
        var dataset = Ok(H5Dcreate2(file, name, type, space, Default, Default, Default), name);
        fixed (byte* b = bytes)
        {
            Ok(H5Dwrite(dataset, type, Default, Default, Default, b), name);
        }

        H5Dclose(dataset);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void WriteVersion(long file, long stringType)
    {
        var text = "GCTX1.0"u8.ToArray();
        var type = H5Tcopy(stringType);
        H5Tset_size(type, (nuint)text.Length);
        H5Tset_strpad(type, StringPadNull);
        var space = H5Screate(0); // H5S_SCALAR
        var attribute = Ok(H5Acreate2(file, "version", type, space, Default, Default), "version");
        fixed (byte* b = text)
        {
            Ok(H5Awrite(attribute, type, b), "version");
        }

        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static long Ok(long id, string what) =>
        id < 0 ? throw new IOException($"HDF5 could not create '{what}'.") : id;

    private static int Ok(int status, string what) =>
        status < 0 ? throw new IOException($"HDF5 could not write '{what}'.") : status;
}
