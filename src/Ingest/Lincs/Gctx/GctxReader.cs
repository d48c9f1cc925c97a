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
    private readonly Hdf5BlockReader _block;
    private float[] _window = [];

    private GctxReader(string path, NativeFile file, NativeDataset matrix, string? version, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, int rows, int columns)
    {
        Path = path;
        _file = file;
        _block = new Hdf5BlockReader(matrix, path, Matrix);
        Version = version;
        RowMetadata = rowMeta;
        ColumnMetadata = columnMeta;
        RowCount = rows;
        ColumnCount = columns;
        var height = _block.ChunkRows;
        BlockSize = height == 0 ? 1024 : Math.Max(height, (1024 / height) * height);
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

        // One block from the first to the last row asked for, then the wanted rows copied out.
        var lo = rows[0];
        var span = rows[^1] - lo + 1;
        if (_window.Length < count * span)
        {
            _window = new float[count * span];
        }

        _block.Read(first, count, lo, span, _window);
        for (var c = 0; c < count; c++)
        {
            for (var k = 0; k < width; k++)
            {
                destination[(c * width) + k] = _window[(c * span) + rows[k] - lo];
            }
        }
    }

    public void Dispose() => _file.Dispose();

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
