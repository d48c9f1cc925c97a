using PerturbKG.Ingest.Hdf5;
using PerturbKG.Ingest.Text;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// Reads a GCTX (HDF5, through the managed PureHDF) matrix: <c>/0/DATA/0/matrix</c> stored columns × rows
/// (signatures × genes), metadata under <c>/0/META/ROW</c> and <c>/0/META/COL</c>. Values are read a block of columns
/// at a time, keeping only the rows asked for (the landmark genes), so a full LINCS file never has to fit in memory.
/// </summary>
public sealed class GctxReader : IDisposable
{
    private const string Matrix = "/0/DATA/0/matrix";
    private readonly NativeFile _file;
    private readonly NativeDataset _matrix;
    private readonly int _rowWindow;
    private readonly int _chunkColumns;
    private SimpleReadingChunkCache? _cache;
    private float[] _window = [];
    private double[] _doubleWindow = [];

    private GctxReader(string path, NativeFile file, NativeDataset matrix, string? version, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, int rows, int columns)
    {
        Path = path;
        _file = file;
        _matrix = matrix;
        Version = version;
        RowMetadata = rowMeta;
        ColumnMetadata = columnMeta;
        RowCount = rows;
        ColumnCount = columns;
        var chunks = matrix.Layout.Class == H5DataLayoutClass.Chunked ? matrix.Layout.Chunks : [];
        _chunkColumns = chunks.Length >= 2 ? (int)Math.Max(1, chunks[0]) : 0;
        _rowWindow = chunks.Length >= 2 ? (int)Math.Max(1, chunks[1]) : 1;
        BlockSize = _chunkColumns == 0 ? 1024 : Math.Max(_chunkColumns, (1024 / _chunkColumns) * _chunkColumns);
    }

    public string Path { get; }

    /// <summary>How many columns to read at a time: a multiple of the file's chunk height near 1,024, so each chunk is inflated once.</summary>
    public int BlockSize { get; }

    public string? Version { get; }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public IReadOnlyDictionary<string, string[]> RowMetadata { get; }

    public IReadOnlyDictionary<string, string[]> ColumnMetadata { get; }

    public IReadOnlyList<string> RowIds => RowMetadata["id"];

    public IReadOnlyList<string> ColumnIds => ColumnMetadata["id"];

    public static GctxReader Open(string path)
    {
        var file = Hdf5Data.Open(path);
        try
        {
            foreach (var required in new[] { Matrix, "/0/META/ROW/id", "/0/META/COL/id" })
            {
                if (!Hdf5Data.Exists(file, required))
                {
                    throw new InvalidInputException(path, 0, $"not a GCTX file: '{required}' is missing");
                }
            }

            var matrix = Hdf5Data.Dataset(file, path, Matrix);
            var dims = Hdf5Data.Dimensions(matrix);
            if (dims.Length != 2)
            {
                throw new InvalidInputException(path, 0, $"'{Matrix}' has {dims.Length} dimensions; GCTX stores a 2-D matrix");
            }

            var rowMeta = ReadGroup(file, path, "/0/META/ROW");
            var columnMeta = ReadGroup(file, path, "/0/META/COL");
            var (columns, rows) = ((int)dims[0], (int)dims[1]);
            if (rowMeta["id"].Length != rows || columnMeta["id"].Length != columns)
            {
                throw new InvalidInputException(path, 0,
                    $"the matrix is {columns} × {rows} (columns × rows) but there are {columnMeta["id"].Length} column ids and {rowMeta["id"].Length} row ids");
            }

            CheckLengths(path, rowMeta, rows, "row");
            CheckLengths(path, columnMeta, columns, "column");

            // cmapR writes the version as a scalar string, some writers as a one-element array.
            var version = Hdf5Data.AttributeStrings(file, "version", path, "/")?.FirstOrDefault();
            return new GctxReader(path, file, matrix, version, rowMeta, columnMeta, rows, columns);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads columns [first, first + count) at the given rows (ascending) into <paramref name="destination"/>,
    /// laid out column by column: destination[c * rows.Count + r].
    /// </summary>
    public void ReadColumns(int first, int count, IReadOnlyList<int> rows, Span<float> destination)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i] <= rows[i - 1])
            {
                throw new ArgumentException("Rows must be ascending and distinct.", nameof(rows));
            }
        }

        var width = rows.Count;
        if (destination.Length < count * width)
        {
            throw new ArgumentException("The destination is too small for the selection.", nameof(destination));
        }

        // One hyperslab from the first to the last row asked for, then the wanted rows copied out. The chunk cache holds
        // every chunk the block touches: PureHDF walks the selection row by row, and with its default 1 MB cache each
        // chunk would be inflated again for every signature (67 s instead of 0.3 s per block of a LINCS-like file).
        var lo = rows[0];
        var span = rows[^1] - lo + 1;
        if (_window.Length < count * span)
        {
            _window = new float[count * span];
        }

        var selection = new HyperslabSelection(2, [(ulong)first, (ulong)lo], [(ulong)count, (ulong)span]);
        try
        {
            ReadWindow(selection, count * span, [(ulong)count, (ulong)span], CacheFor(count, lo, span));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InvalidInputException)
        {
            throw Hdf5Data.Fail(Path, Matrix, $"cannot be read (columns {first}–{first + count - 1}): {e.Message}");
        }

        for (var c = 0; c < count; c++)
        {
            for (var k = 0; k < width; k++)
            {
                destination[(c * width) + k] = _window[(c * span) + rows[k] - lo];
            }
        }
    }

    public void Dispose() => _file.Dispose();

    // PureHDF reads a type as stored: float64 matrices (some cmapR files) are read as doubles and narrowed.
    private H5DatasetAccess CacheFor(int count, int lo, int span)
    {
        if (_chunkColumns == 0)
        {
            return default;
        }

        var chunks = (((count + _chunkColumns - 1) / _chunkColumns) + 1) * (((lo % _rowWindow) + span + _rowWindow - 1) / _rowWindow);
        var bytes = (ulong)chunks * (ulong)_chunkColumns * (ulong)_rowWindow * (ulong)_matrix.Type.Size;
        if (_cache is null || _cache.ByteCount < bytes)
        {
            _cache = new SimpleReadingChunkCache(Math.Max(521, chunks + 1), bytes + (1UL << 20));
        }

        return new H5DatasetAccess(ChunkCache: _cache);
    }

    private void ReadWindow(HyperslabSelection selection, int length, ulong[] dims, H5DatasetAccess access)
    {
        if (_matrix.Type is { Class: H5DataTypeClass.FloatingPoint, Size: 8 })
        {
            if (_doubleWindow.Length < length)
            {
                _doubleWindow = new double[length];
            }

            _matrix.Read(access, _doubleWindow.AsSpan(0, length), selection, memoryDims: dims);
            for (var i = 0; i < length; i++)
            {
                _window[i] = (float)_doubleWindow[i];
            }

            return;
        }

        if (_matrix.Type is not { Class: H5DataTypeClass.FloatingPoint, Size: 4 })
        {
            throw Hdf5Data.Fail(Path, Matrix, $"holds HDF5 {_matrix.Type.Class} values of {_matrix.Type.Size} bytes; GCTX matrices are float32 or float64");
        }

        _matrix.Read(access, _window.AsSpan(0, length), selection, memoryDims: dims);
    }

    private static void CheckLengths(string path, Dictionary<string, string[]> fields, int expected, string what)
    {
        foreach (var (name, values) in fields)
        {
            if (values.Length != expected)
            {
                throw new InvalidInputException(path, 0, $"{what} metadata field '{name}' has {values.Length} values for {expected} {what}s");
            }
        }
    }

    private static Dictionary<string, string[]> ReadGroup(NativeFile file, string path, string group)
    {
        var fields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in Hdf5Data.Group(file, path, group).Children())
        {
            if (member is IH5Dataset dataset)
            {
                fields[member.Name] = Hdf5Data.Text(dataset, path, $"{group}/{member.Name}");
            }
        }

        return fields;
    }
}
