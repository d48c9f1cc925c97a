using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Features;

/// <summary>
/// Reads a PrimeKG++-style attribute file for one node type (drug: name, SMILES, description; protein: sequence,
/// summary; disease: definition; ...): a key column, then one text attribute per column.
/// </summary>
public static class NodeAttributeReader
{
    private static readonly HashSet<string> NameColumns = new(StringComparer.OrdinalIgnoreCase) { "name", "node_name", "x_name" };

    public static IEnumerable<NodeAttribute> Read(InputFile file, NodeKeyResolver nodes, string nodeType, IngestIssues issues)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var key = FeatureKeyColumn.Find(header);
        var columns = Enumerable.Range(0, header.Count)
            .Where(i => i != key.Column && !NameColumns.Contains(header.Names[i].Trim()))
            .Select(i => (Index: i, Name: header.Names[i].Trim().ToLowerInvariant().Replace(' ', '_')))
            .ToList();
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

            var id = reader.GetString(key.Column);
            if (!nodes.TryResolve(id, key.IsPrimeKgIndex, out var node))
            {
                issues.Reject(file.Path, reader.LineNumber, IssueKind.DanglingEndpoint,
                    $"no {nodeType} node has {(key.IsPrimeKgIndex ? "PrimeKG index" : "key or name")} {FieldText.Quote(id)}");
                continue;
            }

            foreach (var (index, name) in columns)
            {
                var value = LincsText.Clean(reader.GetString(index));
                if (value is null)
                {
                    continue;
                }

                yield return new NodeAttribute(node, name, name is "inchikey" or "inchi_key" ? CompoundInfo.NormalizeInChIKey(value)! : value);
            }
        }
    }
}
