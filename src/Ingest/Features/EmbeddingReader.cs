using System.Globalization;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Features;

/// <summary>
/// Reads node embeddings: a key column and the vector, either as one column per dimension or as one column holding
/// the numbers ("0.1 0.2 ...", "[0.1, 0.2, ...]", "0.1;0.2;..."). Every vector of a file has the first row's dimension.
/// </summary>
public static class EmbeddingReader
{
    private static readonly char[] Separators = [' ', ',', ';', '|', '\t'];

    public static IEnumerable<FeatureVector> Read(InputFile file, NodeKeyResolver nodes, string nodeType, IngestIssues issues, Action<int> dimension)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var key = FeatureKeyColumn.Find(header);
        var packed = header.Find("embedding", "vector", "features", "emb") ?? (header.Count == 2 ? 1 - key.Column : (int?)null);
        var valueColumns = Enumerable.Range(0, header.Count).Where(i => i != key.Column && !IsLabel(header.Names[i])).ToArray();
        var width = -1;
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            if (!RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            var values = packed is { } p ? ParsePacked(reader.GetString(p)) : ParseColumns(reader, valueColumns);
            if (values is null)
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.UnparsableNumber, "the vector holds something that is not a number");
                continue;
            }

            if (width < 0)
            {
                width = values.Length;
                dimension(width);
            }
            else if (values.Length != width)
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.WrongVectorLength,
                    $"a vector of {values.Length} values where the file's first vector has {width}");
                continue;
            }

            var id = reader.GetString(key.Column);
            if (!nodes.TryResolve(id, key.IsPrimeKgIndex, out var node))
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.DanglingEndpoint,
                    $"no {nodeType} node has {(key.IsPrimeKgIndex ? "PrimeKG index" : "key or name")} {FieldText.Quote(id)}");
                continue;
            }

            yield return new FeatureVector(node, values);
        }
    }

    private static bool IsLabel(string name) =>
        name.Trim() is "name" or "node_name" or "node_type" or "type" or "smiles" or "source";

    private static float[]? ParsePacked(string text)
    {
        var parts = text.Trim().TrimStart('[', '(').TrimEnd(']', ')').Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values.Length == 0 ? null : values;
    }

    private static float[]? ParseColumns(DelimitedReader reader, int[] columns)
    {
        var values = new float[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!reader.TryGetFloat(columns[i], out values[i]) || !float.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
