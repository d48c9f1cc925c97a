using System.Text;
using PerturbKG.Ingest.Graph;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.PrimeKg;

/// <summary>
/// Reads PrimeKG's kg.csv (relation, display_relation, x_index, x_id, x_type, x_name, x_source, y_index, y_id, y_type,
/// y_name, y_source; extra columns are ignored) into a <see cref="KnowledgeGraphBuilder"/>, one streamed row at a time.
/// Every PrimeKG relation is symmetric: each triple appears in both directions and is stored once.
/// </summary>
public sealed class PrimeKgReader
{
    private static readonly string[] Columns =
        ["relation", "display_relation", "x_index", "x_id", "x_type", "x_name", "x_source", "y_index", "y_id", "y_type", "y_name", "y_source"];

    // The direction each relation is stored in: from the earlier type in this list to the later one.
    private static readonly List<string> TypeOrder =
    [
        NodeTypes.Drug, NodeTypes.Exposure, NodeTypes.Disease, NodeTypes.Phenotype, NodeTypes.Anatomy, NodeTypes.BiologicalProcess,
        NodeTypes.MolecularFunction, NodeTypes.CellularComponent, NodeTypes.Pathway, NodeTypes.Gene,
    ];

    private readonly KnowledgeGraphBuilder _graph;
    private readonly IngestIssues _issues;
    private readonly TypeMatcher _types = new();
    private int[] _nodeByIndex = new int[1 << 17];
    private byte[][] _keyBytes = new byte[1 << 17][];
    private RelationCache? _lastRelation;
    private readonly Dictionary<(string, string, string, string), (int Index, bool Reversed)> _relations = [];

    public PrimeKgReader(KnowledgeGraphBuilder graph, IngestIssues issues)
    {
        _graph = graph;
        _issues = issues;
    }

    /// <summary>Rows read (excluding the header) and rows rejected.</summary>
    public (long Rows, long Rejected) Read(InputFile file, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var reader = DelimitedReader.Open(file, (byte)',');
        var header = HeaderMap.Read(reader);
        var column = Columns.Select(name => header.Require(name, name)).ToArray();
        long rows = 0, rejected = 0;
        var stage = $"PrimeKG {System.IO.Path.GetFileName(file.Path)}";
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

            if (!ReadRow(reader, header, column))
            {
                rejected++;
            }
        }

        progress?.Report(new IngestProgress(stage, file.Length, file.Length));
        return (rows, rejected);
    }

    private bool ReadRow(DelimitedReader reader, HeaderMap header, int[] column)
    {
        if (!RowWidth.Check(reader, header, _issues))
        {
            return false;
        }

        if (!TryNode(reader, column[2], column[3], column[4], column[5], column[6], out var x, out var xType) ||
            !TryNode(reader, column[7], column[8], column[9], column[10], column[11], out var y, out var yType))
        {
            return false;
        }

        var (relation, reversed) = Relation(reader, column[0], column[1], xType, yType);
        _graph.AddEdge(relation, x, y, reversed);
        return true;
    }

    private bool TryNode(DelimitedReader reader, int indexColumn, int idColumn, int typeColumn, int nameColumn, int sourceColumn,
        out int node, out string type)
    {
        node = -1;
        type = string.Empty;
        if (!reader.TryGetInt32(indexColumn, out var index) || index < 0)
        {
            Reject(reader, IssueKind.UnparsableNumber, $"node index {FieldText.Quote(reader.GetString(indexColumn))} is not a non-negative integer");
            return false;
        }

        if (!_types.TryMatch(reader[typeColumn], out type))
        {
            Reject(reader, IssueKind.UnknownNodeType,
                $"unknown node type {FieldText.Quote(reader.GetString(typeColumn))} (PrimeKG has: {string.Join(", ", NodeTypeNames.PrimeKg.Keys)})");
            return false;
        }

        var id = reader[idColumn];
        if (id.IsEmpty)
        {
            Reject(reader, IssueKind.MissingValue, $"node index {index} has an empty id");
            return false;
        }

        if (index < _nodeByIndex.Length && _nodeByIndex[index] > 0)
        {
            node = _nodeByIndex[index] - 1;
            var known = _graph.Nodes[node];
            if (known.Type != type || !id.SequenceEqual(_keyBytes[node]))
            {
                Reject(reader, IssueKind.ConflictingDuplicateId,
                    $"node index {index} is {known.Type} {FieldText.Quote(known.Key)} earlier in the file but {type} {FieldText.Quote(FieldText.Decode(id))} here");
                return false;
            }

            return true;
        }

        var key = FieldText.Decode(id);
        if (_graph.TryGetNode(type, key, out var other))
        {
            Reject(reader, IssueKind.ConflictingDuplicateId,
                $"{type} {FieldText.Quote(key)} has node index {index} here but a different index earlier in the file");
            return false;
        }

        var name = reader.GetString(nameColumn);
        var source = reader.GetString(sourceColumn);
        node = _graph.AddNode(new GraphNode(type, key, name.Length == 0 ? key : name, source.Length == 0 ? null : source));
        _graph.AddAttribute(node, "primekg_index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Remember(index, node, id);
        return true;
    }

    private void Remember(int index, int node, ReadOnlySpan<byte> id)
    {
        if (index >= _nodeByIndex.Length)
        {
            Array.Resize(ref _nodeByIndex, Math.Max(index + 1, _nodeByIndex.Length * 2));
        }

        if (node >= _keyBytes.Length)
        {
            Array.Resize(ref _keyBytes, _keyBytes.Length * 2);
        }

        _nodeByIndex[index] = node + 1;
        _keyBytes[node] = id.ToArray();
    }

    // PrimeKG files are grouped by relation, so the last relation seen almost always matches the next row.
    private (int Index, bool Reversed) Relation(DelimitedReader reader, int relationColumn, int displayColumn, string xType, string yType)
    {
        var name = reader[relationColumn];
        var display = reader[displayColumn];
        if (_lastRelation is { } last && name.SequenceEqual(last.Name) && display.SequenceEqual(last.Display) &&
            ReferenceEquals(xType, last.XType) && ReferenceEquals(yType, last.YType))
        {
            return (last.Index, last.Reversed);
        }

        var nameText = FieldText.Decode(name);
        var displayText = FieldText.Decode(display);
        if (!_relations.TryGetValue((nameText, displayText, xType, yType), out var found))
        {
            // kg.csv lists every edge both ways; store each relation in one fixed direction (drug → protein, ...).
            var flip = TypeOrder.IndexOf(yType) < TypeOrder.IndexOf(xType);
            var relation = new RelationType(
                nameText, displayText.Length == 0 ? nameText : displayText, flip ? yType : xType, flip ? xType : yType, Directed: false);
            var index = _graph.AddRelation(relation, out var reversed);
            found = (index, reversed ^ flip);
            _relations[(nameText, displayText, xType, yType)] = found;
        }

        _lastRelation = new RelationCache(name.ToArray(), display.ToArray(), xType, yType, found.Index, found.Reversed);
        return found;
    }

    private void Reject(DelimitedReader reader, IssueKind kind, string message) =>
        _issues.Reject(reader.FileName, reader.LineNumber, kind, message);

    private sealed record RelationCache(byte[] Name, byte[] Display, string XType, string YType, int Index, bool Reversed);

    // Compares type bytes against PrimeKG's vocabulary without allocating; returns the interned label.
    private sealed class TypeMatcher
    {
        private readonly (byte[] Bytes, string Label)[] _known = NodeTypeNames.PrimeKg
            .Select(p => (Encoding.UTF8.GetBytes(p.Key), p.Value)).ToArray();

        private int _last;

        public bool TryMatch(ReadOnlySpan<byte> bytes, out string label)
        {
            if (bytes.SequenceEqual(_known[_last].Bytes))
            {
                label = _known[_last].Label;
                return true;
            }

            for (var i = 0; i < _known.Length; i++)
            {
                if (bytes.SequenceEqual(_known[i].Bytes))
                {
                    _last = i;
                    label = _known[i].Label;
                    return true;
                }
            }

            label = string.Empty;
            return false;
        }
    }
}
