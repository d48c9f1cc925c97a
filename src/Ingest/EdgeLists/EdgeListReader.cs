using PerturbKG.Ingest.Graph;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.EdgeLists;

/// <summary>
/// Reads a graph given as a node table (id, name, kind) and a typed edge list (source, relation, target), such as
/// Hetionet's nodes.tsv and edges.sif. Node ids of the form <c>Kind::identifier</c> keep only the identifier as key.
/// </summary>
public sealed class EdgeListReader(KnowledgeGraphBuilder graph, IngestIssues issues)
{
    private readonly Dictionary<string, int> _nodeById = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, string Source, string Target), (int Index, bool Reversed)> _relations = [];

    /// <summary>Reads the node table; returns rows read and rejected.</summary>
    public (long Rows, long Rejected) ReadNodes(InputFile file, CancellationToken ct)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var id = header.Require("node id", "id", "node_id", ":ID", "identifier");
        var name = header.Find("name", "node_name", "label_name");
        var kind = header.Require("node kind", "kind", "type", "node_type", ":LABEL", "label", "category");
        long rows = 0, rejected = 0;
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (!RowWidth.Check(reader, header, issues))
            {
                rejected++;
                continue;
            }

            var nodeId = reader.GetString(id);
            var nodeKind = reader.GetString(kind);
            if (nodeId.Length == 0 || nodeKind.Length == 0)
            {
                Reject(reader, IssueKind.MissingValue, "a node needs both an id and a kind");
                rejected++;
                continue;
            }

            var type = NodeTypeNames.Canonical(nodeKind);
            var key = KeyOf(nodeId, nodeKind);
            var label = name is { } n ? reader.GetString(n) : key;
            if (_nodeById.TryGetValue(nodeId, out var known))
            {
                var node = graph.Nodes[known];
                if (node.Type != type || node.Name != label)
                {
                    Reject(reader, IssueKind.ConflictingDuplicateId,
                        $"node {FieldText.Quote(nodeId)} was {node.Type} {FieldText.Quote(node.Name)} earlier in the file and is {type} {FieldText.Quote(label)} here");
                    rejected++;
                }

                continue;
            }

            _nodeById[nodeId] = graph.AddNode(new GraphNode(type, key, label.Length == 0 ? key : label, SourceOf(key, type)));
        }

        return (rows, rejected);
    }

    /// <summary>Reads the edges; every endpoint must be in a node table read before.</summary>
    public (long Rows, long Rejected) ReadEdges(
        InputFile file, MetaedgeCatalog metaedges, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var source = header.Require("edge source", "source", "src", "start", ":START_ID", "source_id", "x_id", "from");
        var target = header.Require("edge target", "target", "dst", "end", ":END_ID", "target_id", "y_id", "to");
        var relation = header.Require("edge type", "metaedge", "relation", "type", ":TYPE", "edge_type", "relation_type", "predicate");
        // Hetionet's SIF convention: a metaedge code without '>' or '<' is symmetric.
        var sifConvention = header.Names[relation].Equals("metaedge", StringComparison.OrdinalIgnoreCase);
        long rows = 0, rejected = 0;
        var stage = $"edges {System.IO.Path.GetFileName(file.Path)}";
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new IngestProgress(stage, file.Position, file.Length));
            }

            if (!RowWidth.Check(reader, header, issues))
            {
                rejected++;
                continue;
            }

            var sourceId = reader.GetString(source);
            var targetId = reader.GetString(target);
            if (!_nodeById.TryGetValue(sourceId, out var from) || !_nodeById.TryGetValue(targetId, out var to))
            {
                var missing = _nodeById.ContainsKey(sourceId) ? targetId : sourceId;
                Reject(reader, IssueKind.DanglingEndpoint, $"edge endpoint {FieldText.Quote(missing)} is not in the node table");
                rejected++;
                continue;
            }

            var code = reader.GetString(relation);
            var (index, reversed) = Relation(code, from, to, metaedges, sifConvention);
            graph.AddEdge(index, from, to, reversed);
        }

        progress?.Report(new IngestProgress(stage, file.Length, file.Length));
        return (rows, rejected);
    }

    private (int, bool) Relation(string code, int from, int to, MetaedgeCatalog metaedges, bool sifConvention)
    {
        var sourceType = graph.Nodes[from].Type;
        var targetType = graph.Nodes[to].Type;
        if (_relations.TryGetValue((code, sourceType, targetType), out var known))
        {
            return known;
        }

        var (name, display, directed) = metaedges.Describe(code);
        var relation = new RelationType(name, display, sourceType, targetType, directed || !sifConvention);
        var index = graph.AddRelation(relation, out var reversed);
        _relations[(code, sourceType, targetType)] = (index, reversed);
        return (index, reversed);
    }

    private void Reject(DelimitedReader reader, IssueKind kind, string message) =>
        issues.Reject(reader.FileName, reader.LineNumber, kind, message);

    private static string KeyOf(string id, string kind)
    {
        var separator = id.IndexOf("::", StringComparison.Ordinal);
        return separator > 0 && id.AsSpan(0, separator).Equals(kind, StringComparison.OrdinalIgnoreCase)
            ? id[(separator + 2)..]
            : id;
    }

    private static string? SourceOf(string key, string type)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            return key[..colon];
        }

        return type switch
        {
            NodeTypes.Drug when key.StartsWith("DB", StringComparison.Ordinal) => "DrugBank",
            NodeTypes.Gene when key.All(char.IsAsciiDigit) => "NCBI",
            _ => null,
        };
    }
}
