using PerturbKG.Ingest.Reporting;

namespace PerturbKG.Ingest.Text;

/// <summary>
/// The checks every row-based reader makes: the row is as wide as the header (a cut-off last line is a truncated file,
/// not a bad row), no field holds a control character (a NUL in a relation name would make a new relation, a newline
/// in a name would break every listing), and no field is longer than <see cref="MaxFieldBytes"/> (a 5 MB "name").
/// </summary>
public static class RowWidth
{
    /// <summary>The longest field accepted: long InChI strings of peptides fit, runaway fields do not.</summary>
    public const int MaxFieldBytes = 16 * 1024;

    /// <summary>True when the row can be used; otherwise the row is rejected (or the file refused).</summary>
    public static bool Check(DelimitedReader reader, HeaderMap header, IngestIssues issues)
    {
        if (reader.FieldCount == header.Count)
        {
            return CheckFields(reader, header, issues);
        }

        ThrowIfCutOff(reader, header);
        issues.Reject(reader.FileName, reader.LineNumber, IssueKind.WrongColumnCount,
            $"{reader.FieldCount} fields where the header has {header.Count}");
        return false;
    }

    private static bool CheckFields(DelimitedReader reader, HeaderMap header, IngestIssues issues)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var field = reader[i];
            if (field.Length > MaxFieldBytes)
            {
                issues.Reject(reader.FileName, reader.LineNumber, IssueKind.FieldTooLong,
                    $"field {i + 1} ({Name(header, i)}) is {field.Length:N0} bytes long; at most {MaxFieldBytes:N0} are accepted");
                return false;
            }

            var control = field.IndexOfAnyInRange((byte)0x00, (byte)0x1F);
            if (control < 0)
            {
                control = field.IndexOf((byte)0x7F);
            }

            if (control >= 0)
            {
                issues.Reject(reader.FileName, reader.LineNumber, IssueKind.ControlCharacter,
                    $"field {i + 1} ({Name(header, i)}) holds the control character 0x{field[control]:X2}");
                return false;
            }
        }

        return true;
    }

    private static string Name(HeaderMap header, int index) => index < header.Count && header.Names[index].Length is > 0 and <= 60 ? header.Names[index] : $"column {index + 1}";

    /// <summary>For small reference tables (gene info, metaedges, ...), where any malformed row makes the file unusable.</summary>
    public static void Require(DelimitedReader reader, HeaderMap header)
    {
        if (reader.FieldCount != header.Count)
        {
            ThrowIfCutOff(reader, header);
            throw new InvalidInputException(reader.FileName, reader.LineNumber, $"{reader.FieldCount} fields where the header has {header.Count}");
        }
    }

    private static void ThrowIfCutOff(DelimitedReader reader, HeaderMap header)
    {
        if (reader.QuoteLeftOpen)
        {
            throw new InvalidInputException(reader.FileName, reader.LineNumber,
                "a quote opened on this line is never closed: the rest of the file was read as one field (fix the quoting)");
        }

        if (!reader.RowTerminated)
        {
            throw new InvalidInputException(reader.FileName, reader.LineNumber,
                $"the last line is cut off ({reader.FieldCount} of {header.Count} fields, no line end): the file looks truncated");
        }
    }
}
