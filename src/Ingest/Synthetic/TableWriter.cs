using System.Globalization;
using System.Text;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>Writes delimited text rows (CSV quoting when a field needs it), UTF-8, '\n' line ends.</summary>
public sealed class TableWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly char _delimiter;

    public TableWriter(string path, char delimiter)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        _delimiter = delimiter;
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A field as it must appear in a CSV row.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Row(params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(_delimiter);
            }

            _writer.Write(_delimiter == ',' ? Quote(fields[i]) : fields[i]);
        }

        _writer.Write('\n');
    }

    /// <summary>A row of already-formatted text (the caller has quoted what needs quoting).</summary>
    public void Raw(string line)
    {
        _writer.Write(line);
        _writer.Write('\n');
    }

    public void Dispose() => _writer.Dispose();
}
