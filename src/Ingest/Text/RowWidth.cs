using PerturbKG.Ingest.Reporting;

namespace PerturbKG.Ingest.Text;

/// <summary>The row-width check every reader makes: a cut-off last line is a truncated file, not a bad row.</summary>
public static class RowWidth
{
    /// <summary>True when the row is as wide as the header; otherwise the row is rejected (or the file refused).</summary>
    public static bool Check(DelimitedReader reader, HeaderMap header, IngestIssues issues)
    {
        if (reader.FieldCount == header.Count)
        {
            return true;
        }

        ThrowIfCutOff(reader, header);
        issues.Reject(reader.FileName, reader.LineNumber, IssueKind.WrongColumnCount,
            $"{reader.FieldCount} fields where the header has {header.Count}");
        return false;
    }

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
