using System.Globalization;
using System.Text;

namespace PerturbKG.Store.Sqlite;

/// <summary>
/// One CSV file for <c>neo4j-admin database import</c>: a typed header (<c>name:long</c>, <c>:ID(Space)</c>,
/// <c>values:float[]</c>, ...), comma-separated fields quoted when they must be, array elements joined by <c>;</c>.
/// An empty field is a missing property.
/// </summary>
internal sealed class ImportCsv : IDisposable
{
    public const char ArrayDelimiter = ';';

    private readonly StreamWriter _writer;
    private readonly int _columns;

    public ImportCsv(string path, params string[] header)
    {
        Path = path;
        _columns = header.Length;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        _writer.WriteLine(string.Join(',', header));
    }

    public string Path { get; }

    public long Rows { get; private set; }

    public void Row(params object?[] fields)
    {
        if (fields.Length != _columns)
        {
            throw new ArgumentException($"{System.IO.Path.GetFileName(Path)} has {_columns} columns, not {fields.Length}.");
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            _writer.Write(Field(fields[i]));
        }

        _writer.WriteLine();
        Rows++;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>A value as a field: numbers invariant and round-trippable, arrays joined, text quoted when needed.</summary>
    public static string Field(object? value) => value switch
    {
        null => string.Empty,
        string s => Quote(s),
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable n and not System.Collections.IEnumerable => n.ToString(null, CultureInfo.InvariantCulture),
        float[] floats => string.Join(ArrayDelimiter, floats.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
        double[] doubles => string.Join(ArrayDelimiter, doubles.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
        long[] longs => string.Join(ArrayDelimiter, longs.Select(x => x.ToString(CultureInfo.InvariantCulture))),
        // A delimiter inside an element would split it; string arrays here are keys, names and relation names.
        IEnumerable<string> texts => Quote(string.Join(ArrayDelimiter, texts.Select(t => t.Replace(ArrayDelimiter, ',')))),
        _ => throw new ArgumentException($"No CSV form for {value.GetType().Name}."),
    };

    private static string Quote(string text) =>
        text.Length > 0 && text.IndexOfAny([',', '"', '\n', '\r']) < 0 && text.Trim().Length == text.Length
            ? text
            : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
