using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Tables;

/// <summary>The row-width check every table reader makes.</summary>
internal static class TableRows
{
    /// <summary>False (and the row rejected) when its width differs from the header's; a cut-off last line is fatal.</summary>
    public static bool CheckWidth(DelimitedReader reader, HeaderMap header, IngestIssues issues)
    {
        if (reader.FieldCount == header.Count)
        {
            return true;
        }

        if (!reader.RowTerminated)
        {
            throw new InvalidInputException(reader.FileName, reader.LineNumber,
                $"the last line is cut off ({reader.FieldCount} of {header.Count} fields, no line end): the file looks truncated");
        }

        issues.Reject(reader.FileName, reader.LineNumber, IssueKind.WrongColumnCount,
            $"{reader.FieldCount} fields where the header has {header.Count}");
        return false;
    }
}
