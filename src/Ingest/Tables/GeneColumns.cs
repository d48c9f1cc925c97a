using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Tables;

/// <summary>Finds the 978 landmark gene columns of a wide table, headed by Entrez id or symbol (optionally prefixed).</summary>
public static class GeneColumns
{
    /// <summary>Column index for each landmark position; an error naming the missing genes if any is absent.</summary>
    public static int[] Resolve(HeaderMap header, LandmarkGeneSet landmarks, string prefix = "")
    {
        var columns = new int[landmarks.Count];
        Array.Fill(columns, -1);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header.Names[i].Trim();
            if (prefix.Length > 0)
            {
                if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                name = name[prefix.Length..];
            }

            if (landmarks.TryResolve(name, out var position))
            {
                if (columns[position] >= 0)
                {
                    throw new InvalidInputException(header.File, 1,
                        $"columns '{header.Names[columns[position]]}' and '{header.Names[i]}' are the same landmark gene ({landmarks.Genes[position].Symbol})");
                }

                columns[position] = i;
            }
        }

        var missing = Enumerable.Range(0, landmarks.Count).Where(p => columns[p] < 0).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Take(10).Select(p => $"{landmarks.Genes[p].Symbol} ({landmarks.Genes[p].Entrez})"));
            throw new InvalidInputException(header.File, 1,
                $"{landmarks.Count - missing.Count} of the {landmarks.Count} landmark genes have a {(prefix.Length > 0 ? $"'{prefix}…' " : string.Empty)}column; missing {missing.Count}: {names}{(missing.Count > 10 ? ", ..." : string.Empty)}");
        }

        return columns;
    }

    /// <summary>Reads one row's landmark values; false (and the row rejected, naming the column) when one is not a number.</summary>
    public static bool TryRead(DelimitedReader reader, HeaderMap header, int[] columns, float[] values, IngestIssues issues)
    {
        var bad = ReadValues(reader, columns, values);
        if (bad < 0)
        {
            return true;
        }

        issues.Reject(reader.FileName, reader.LineNumber, IssueKind.UnparsableNumber,
            $"{FieldText.Quote(reader.GetString(bad))} in column {FieldText.Quote(header.Names[bad])} is not a number");
        return false;
    }

    /// <summary>Reads one row's landmark values; NaN for blanks and text. Returns the first bad column, or -1.</summary>
    public static int ReadValues(DelimitedReader reader, int[] columns, float[] values)
    {
        var firstBad = -1;
        for (var p = 0; p < columns.Length; p++)
        {
            if (!reader.TryGetFloat(columns[p], out var v) || !float.IsFinite(v))
            {
                v = float.NaN;
                if (firstBad < 0)
                {
                    firstBad = columns[p];
                }
            }

            values[p] = v;
        }

        return firstBad;
    }
}
