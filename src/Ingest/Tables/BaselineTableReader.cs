using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Tables;

/// <summary>Reads a cell-line baseline expression table: a cell id column, then the 978 landmark genes.</summary>
public static class BaselineTableReader
{
    public static IEnumerable<(string Cell, float[] Values, long Line)> Read(InputFile file, LandmarkGeneSet landmarks, IngestIssues issues)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var cell = header.Require("cell line", "cell_id", "cell_iname", "cell", "cell_line", "cell_name");
        var genes = GeneColumns.Resolve(header, landmarks);
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadRow())
        {
            if (reader.IsBlank || !RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            var id = LincsText.Clean(reader.GetString(cell));
            if (id is null)
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.MissingValue, "the row has no cell id");
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.ConflictingDuplicateId,
                    $"cell line {id} already has a baseline at line {first}");
                continue;
            }

            var values = new float[landmarks.Count];
            if (!GeneColumns.TryRead(reader, header, genes, values, issues))
            {
                continue;
            }

            seen[id] = reader.LineNumber;
            yield return (id, values, reader.LineNumber);
        }
    }
}
