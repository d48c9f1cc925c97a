using System.Globalization;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs.Gct;

/// <summary>
/// Streams a GCT 1.2 or 1.3 text matrix (rows = genes, columns = samples). The header, dimensions and column
/// metadata are read and checked on open; data rows are then read one at a time. Any disagreement between the
/// declared dimensions and the file is an error that names the line.
/// </summary>
public sealed class GctReader : IDisposable
{
    private readonly DelimitedReader _reader;
    private readonly Dictionary<string, int> _rowMetaIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _firstValue;
    private int _rowsRead;

    private GctReader(DelimitedReader reader, string version, int rows, int columns, IReadOnlyList<string> rowMetaNames,
        IReadOnlyList<string> columnIds, IReadOnlyDictionary<string, string[]> columnMetadata, int columnMetaLines)
    {
        _reader = reader;
        Version = version;
        RowCount = rows;
        ColumnCount = columns;
        RowMetaNames = rowMetaNames;
        ColumnIds = columnIds;
        ColumnMetadata = columnMetadata;
        ColumnMetaLines = columnMetaLines;
        for (var i = 0; i < rowMetaNames.Count; i++)
        {
            _rowMetaIndex.TryAdd(rowMetaNames[i], i);
        }

        _firstValue = 1 + rowMetaNames.Count;
    }

    public string File => _reader.FileName;

    public string Version { get; }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public int ColumnMetaLines { get; }

    public IReadOnlyList<string> RowMetaNames { get; }

    public IReadOnlyList<string> ColumnIds { get; }

    public IReadOnlyDictionary<string, string[]> ColumnMetadata { get; }

    /// <summary>The current data row's id (first field).</summary>
    public string RowId => _reader.GetString(0);

    /// <summary>The current data row's line number.</summary>
    public long RowLine => _reader.LineNumber;

    public static GctReader Open(InputFile file)
    {
        var reader = DelimitedReader.Open(file, (byte)'\t');
        try
        {
            return ReadHeader(reader, file.Path);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The current row's value of a row-metadata field (1.3), or null.</summary>
    public string? RowMeta(string name) =>
        _rowMetaIndex.TryGetValue(name, out var i) ? _reader.GetString(1 + i) : null;

    /// <summary>Parses the current row's value in a column; false for blanks, NA and text.</summary>
    public bool TryGetValue(int column, out float value) => _reader.TryGetFloat(_firstValue + column, out value);

    /// <summary>The raw text of the current row's value in a column (for error messages).</summary>
    public string RawValue(int column) => _reader.GetString(_firstValue + column);

    /// <summary>Advances to the next data row; false after the last one, once the row count has been checked.</summary>
    public bool ReadRow()
    {
        while (_reader.ReadRow())
        {
            if (_reader.IsBlank)
            {
                continue;
            }

            if (_rowsRead == RowCount)
            {
                throw new InvalidInputException(File, _reader.LineNumber,
                    $"more data rows than the {RowCount} that line 2 declares");
            }

            var expected = _firstValue + ColumnCount;
            if (_reader.FieldCount != expected)
            {
                throw new InvalidInputException(File, _reader.LineNumber, _reader.RowTerminated
                    ? $"{_reader.FieldCount} fields in a data row; line 2 declares {expected} (id, {RowMetaNames.Count} row-metadata fields, {ColumnCount} values)"
                    : "the last line is cut off: the file looks truncated");
            }

            _rowsRead++;
            return true;
        }

        if (_rowsRead != RowCount)
        {
            throw new InvalidInputException(File, _reader.LineNumber + 1,
                $"the file ends after {_rowsRead} data rows; line 2 declares {RowCount} rows after {ColumnMetaLines} column-metadata lines");
        }

        return false;
    }

    public void Dispose() => _reader.Dispose();

    private static GctReader ReadHeader(DelimitedReader reader, string path)
    {
        if (!reader.ReadRow())
        {
            throw new InvalidInputException(path, 1, "the file is empty");
        }

        var version = reader.GetString(0).Trim();
        if (version is not ("#1.2" or "#1.3"))
        {
            throw new InvalidInputException(path, 1, $"{FieldText.Quote(version)} is not a GCT version line (#1.2 or #1.3)");
        }

        if (!reader.ReadRow())
        {
            throw new InvalidInputException(path, 2, "the dimensions line is missing");
        }

        var dims = reader.GetAll().Where(f => f.Trim().Length > 0).Select(f => int.TryParse(f.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
        var expectedDims = version == "#1.2" ? 2 : 4;
        if (dims.Length != expectedDims || dims.Any(d => d < 0))
        {
            throw new InvalidInputException(path, 2,
                $"GCT {version[1..]} needs {expectedDims} non-negative integers here (rows, columns{(expectedDims == 4 ? ", row-metadata fields, column-metadata lines" : string.Empty)})");
        }

        var (rows, columns) = (dims[0], dims[1]);
        var rowMetaCount = version == "#1.2" ? 1 : dims[2];
        var columnMetaLines = version == "#1.2" ? 0 : dims[3];

        if (!reader.ReadRow())
        {
            throw new InvalidInputException(path, 3, "the header line is missing");
        }

        var header = reader.GetAll();
        if (header.Length != 1 + rowMetaCount + columns)
        {
            throw new InvalidInputException(path, 3,
                $"the header has {header.Length} fields; line 2 declares {1 + rowMetaCount + columns} (id, {rowMetaCount} row-metadata names, {columns} column ids)");
        }

        var rowMetaNames = header.Skip(1).Take(rowMetaCount).ToArray();
        var columnIds = header.Skip(1 + rowMetaCount).ToArray();
        var metadata = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        for (var m = 0; m < columnMetaLines; m++)
        {
            if (!reader.ReadRow())
            {
                throw new InvalidInputException(path, reader.LineNumber + 1,
                    $"the file ends inside the {columnMetaLines} column-metadata lines that line 2 declares");
            }

            if (reader.FieldCount != header.Length)
            {
                throw new InvalidInputException(path, reader.LineNumber,
                    $"column-metadata line has {reader.FieldCount} fields; the header has {header.Length}");
            }

            var values = new string[columns];
            for (var c = 0; c < columns; c++)
            {
                values[c] = reader.GetString(1 + rowMetaCount + c);
            }

            metadata.TryAdd(reader.GetString(0).Trim(), values);
        }

        return new GctReader(reader, version[1..], rows, columns, rowMetaNames, columnIds, metadata, columnMetaLines);
    }
}
