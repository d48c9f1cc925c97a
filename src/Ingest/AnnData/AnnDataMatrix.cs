using PerturbKG.Ingest.Hdf5;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.AnnData;

/// <summary>
/// An AnnData matrix (<c>X</c> or a layer), obs × var: a dense 2-D dataset, or a sparse group (<c>csr_matrix</c> /
/// <c>csc_matrix</c> with data, indices, indptr and a shape attribute; also the pre-0.8 <c>h5sparse_format</c> attributes).
/// Read a block of rows at a time, keeping only the columns asked for; entries a sparse matrix does not store are 0.
/// </summary>
public sealed class AnnDataMatrix
{
    private readonly string _file;
    private readonly Hdf5BlockReader? _dense;
    private float[] _rows = [];
    private readonly NativeDataset? _data;
    private readonly NativeDataset? _indices;
    private readonly long[] _indptr = [];
    private readonly bool _byColumn;

    private AnnDataMatrix(string file, string path, string layout, long rows, long columns, NativeDataset? dense, NativeDataset? data,
        NativeDataset? indices, long[] indptr, bool byColumn)
    {
        _file = file;
        Path = path;
        Layout = layout;
        Rows = rows;
        Columns = columns;
        _dense = dense is null ? null : new Hdf5BlockReader(dense, file, path);
        _data = data;
        _indices = indices;
        _indptr = indptr;
        _byColumn = byColumn;
    }

    public string Path { get; }

    /// <summary>dense, csr or csc.</summary>
    public string Layout { get; }

    public long Rows { get; }

    public long Columns { get; }

    internal static AnnDataMatrix Open(IH5Group root, string file, string path)
    {
        var item = Hdf5Data.Get(root, file, path);
        if (item is NativeDataset dense)
        {
            var dims = Hdf5Data.Dimensions(dense);
            if (dims.Length != 2)
            {
                throw Hdf5Data.Fail(file, path, $"has {dims.Length} dimensions; an AnnData matrix has 2 (obs × var)");
            }

            return new AnnDataMatrix(file, path, "dense", (long)dims[0], (long)dims[1], dense, null, null, [], false);
        }

        var group = (IH5Group)item;
        var encoding = Hdf5Data.AttributeText(group, "encoding-type", file, path) ?? Hdf5Data.AttributeText(group, "h5sparse_format", file, path) switch
        {
            "csr" => "csr_matrix",
            "csc" => "csc_matrix",
            _ => null,
        };
        if (encoding is not ("csr_matrix" or "csc_matrix"))
        {
            throw Hdf5Data.Fail(file, path, $"is a group with encoding-type '{encoding ?? "(none)"}'; an AnnData matrix is a dense array, csr_matrix or csc_matrix");
        }

        var shape = Hdf5Data.AttributeIntegers(group, "shape", file, path) ?? Hdf5Data.AttributeIntegers(group, "h5sparse_shape", file, path)
            ?? throw Hdf5Data.Fail(file, path, "has no shape attribute");
        if (shape.Length != 2)
        {
            throw Hdf5Data.Fail(file, path, $"has a shape of {shape.Length} dimensions");
        }

        var data = Hdf5Data.Dataset(root, file, $"{path}/data");
        var indices = Hdf5Data.Dataset(root, file, $"{path}/indices");
        var indptr = Hdf5Data.Integers(Hdf5Data.Dataset(root, file, $"{path}/indptr"), file, $"{path}/indptr");
        Hdf5Data.RequireNumbers(data, file, $"{path}/data");
        var byColumn = encoding == "csc_matrix";
        var major = byColumn ? shape[1] : shape[0];
        if (indptr.Length != major + 1 || indptr[0] != 0 || indptr.Zip(indptr.Skip(1)).Any(p => p.Second < p.First))
        {
            throw Hdf5Data.Fail(file, $"{path}/indptr", $"has {indptr.Length} entries, not {major + 1} ascending from 0 (shape {shape[0]} × {shape[1]})");
        }

        var stored = (long)Hdf5Data.Dimensions(data).Aggregate(1UL, (a, b) => a * b);
        if (indptr[^1] != stored || (long)Hdf5Data.Dimensions(indices).Aggregate(1UL, (a, b) => a * b) != stored)
        {
            throw Hdf5Data.Fail(file, path, $"indptr ends at {indptr[^1]} but data holds {stored} values and indices {Hdf5Data.Dimensions(indices).FirstOrDefault()}");
        }

        return new AnnDataMatrix(file, path, byColumn ? "csc" : "csr", shape[0], shape[1], null, data, indices, indptr, byColumn);
    }

    /// <summary>
    /// Reads rows [first, first + count) at the given columns into <paramref name="destination"/>, row by row:
    /// destination[r * columns.Count + k] is row first + r, column columns[k].
    /// </summary>
    public void ReadRows(long first, int count, IReadOnlyList<int> columns, Span<float> destination)
    {
        var width = columns.Count;
        destination[..(count * width)].Clear();
        if (_dense is not null)
        {
            if (_rows.Length < count * Columns)
            {
                _rows = new float[count * Columns];
            }

            var all = _rows;
            _dense.Read(first, count, 0, (int)Columns, all);
            for (var r = 0; r < count; r++)
            {
                for (var k = 0; k < width; k++)
                {
                    destination[(r * width) + k] = all[(r * Columns) + columns[k]];
                }
            }

            return;
        }

        if (!_byColumn)
        {
            var start = _indptr[first];
            var end = _indptr[first + count];
            var (values, indices) = ReadStored(start, end);
            var wanted = new Dictionary<long, int>(width);
            for (var k = 0; k < width; k++)
            {
                wanted[columns[k]] = k;
            }

            for (var r = 0; r < count; r++)
            {
                for (var i = _indptr[first + r] - start; i < _indptr[first + r + 1] - start; i++)
                {
                    if (wanted.TryGetValue(indices[i], out var k))
                    {
                        destination[(r * width) + k] = values[i];
                    }
                }
            }

            return;
        }

        // CSC: each wanted column's stored rows, the block's part found by binary search (indices ascending per column).
        for (var k = 0; k < width; k++)
        {
            var (start, end) = (_indptr[columns[k]], _indptr[columns[k] + 1]);
            if (start == end)
            {
                continue;
            }

            var (values, rows) = ReadStored(start, end);
            var from = LowerBound(rows, first);
            for (var i = from; i < rows.Length && rows[i] < first + count; i++)
            {
                destination[(int)(((rows[i] - first) * width) + k)] = values[i];
            }
        }
    }

    private (float[] Values, long[] Indices) ReadStored(long start, long end)
    {
        if (end <= start)
        {
            return ([], []);
        }

        var selection = new HyperslabSelection((ulong)start, (ulong)(end - start));
        var values = ReadFloats(_data!, selection, end - start, $"{Path}/data");
        var indices = _indices!.Type.Size == 8
            ? Guard(() => _indices.Read<long[]>(selection), $"{Path}/indices")
            : Array.ConvertAll(Guard(() => _indices.Read<int[]>(selection), $"{Path}/indices"), v => (long)v);
        return (values, indices);
    }

    private float[] ReadFloats(NativeDataset dataset, Selection selection, long count, string path)
    {
        var type = dataset.Type;
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Guard(() => dataset.Read<float[]>(selection), path),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(Guard(() => dataset.Read<double[]>(selection), path), v => (float)v),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(Guard(() => dataset.Read<int[]>(selection), path), v => (float)v),
            (H5DataTypeClass.FixedPoint, 8) => Array.ConvertAll(Guard(() => dataset.Read<long[]>(selection), path), v => (float)v),
            (H5DataTypeClass.FixedPoint, 2) => Array.ConvertAll(Guard(() => dataset.Read<short[]>(selection), path), v => (float)v),
            _ => throw Hdf5Data.Fail(_file, path, $"holds {type.Class} values of {type.Size} bytes"),
        };
    }

    private T Guard<T>(Func<T> read, string path)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException and not Text.InvalidInputException)
        {
            throw Hdf5Data.Fail(_file, path, $"cannot be read: {e.Message}");
        }
    }

    private static int LowerBound(long[] sorted, long value)
    {
        var (lo, hi) = (0, sorted.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
