using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs.Gctx;

/// <summary>
/// Reads a GCTX (HDF5) matrix: <c>/0/DATA/0/matrix</c> stored columns × rows (signatures × genes), metadata under
/// <c>/0/META/ROW</c> and <c>/0/META/COL</c>. Values are read a block of columns at a time, keeping only the rows
/// asked for (the landmark genes), so a full LINCS file never has to fit in memory.
/// </summary>
public sealed class GctxReader : IDisposable
{
    private const string Matrix = "/0/DATA/0/matrix";
    private readonly Hdf5File _file;

    private GctxReader(Hdf5File file, string? version, IReadOnlyDictionary<string, string[]> rowMeta,
        IReadOnlyDictionary<string, string[]> columnMeta, int rows, int columns)
    {
        _file = file;
        Version = version;
        RowMetadata = rowMeta;
        ColumnMetadata = columnMeta;
        RowCount = rows;
        ColumnCount = columns;
    }

    public string Path => _file.Path;

    public string? Version { get; }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public IReadOnlyDictionary<string, string[]> RowMetadata { get; }

    public IReadOnlyDictionary<string, string[]> ColumnMetadata { get; }

    public IReadOnlyList<string> RowIds => RowMetadata["id"];

    public IReadOnlyList<string> ColumnIds => ColumnMetadata["id"];

    public static GctxReader Open(string path)
    {
        var file = Hdf5File.Open(path);
        try
        {
            foreach (var required in new[] { Matrix, "/0/META/ROW/id", "/0/META/COL/id" })
            {
                if (!file.Exists(required))
                {
                    throw new InvalidInputException(path, 0, $"not a GCTX file: '{required}' is missing");
                }
            }

            var dims = file.Dimensions(Matrix);
            if (dims.Length != 2)
            {
                throw new InvalidInputException(path, 0, $"'{Matrix}' has {dims.Length} dimensions; GCTX stores a 2-D matrix");
            }

            var rowMeta = ReadGroup(file, "/0/META/ROW");
            var columnMeta = ReadGroup(file, "/0/META/COL");
            var (columns, rows) = ((int)dims[0], (int)dims[1]);
            if (rowMeta["id"].Length != rows || columnMeta["id"].Length != columns)
            {
                throw new InvalidInputException(path, 0,
                    $"the matrix is {columns} × {rows} (columns × rows) but there are {columnMeta["id"].Length} column ids and {rowMeta["id"].Length} row ids");
            }

            CheckLengths(path, rowMeta, rows, "row");
            CheckLengths(path, columnMeta, columns, "column");

            return new GctxReader(file, file.ReadRootAttribute("version"), rowMeta, columnMeta, rows, columns);
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
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0 && rows[i] <= rows[i - 1])
            {
                throw new ArgumentException("Rows must be ascending and distinct.", nameof(rows));
            }

            if (runs.Count > 0 && runs[^1].Start + runs[^1].Length == rows[i])
            {
                runs[^1] = (runs[^1].Start, runs[^1].Length + 1);
            }
            else
            {
                runs.Add((rows[i], 1));
            }
        }

        _file.ReadRows(Matrix, first, count, runs, destination);
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

    private static Dictionary<string, string[]> ReadGroup(Hdf5File file, string group)
    {
        var fields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in file.Members(group))
        {
            fields[name] = file.ReadText($"{group}/{name}");
        }

        return fields;
    }
}
