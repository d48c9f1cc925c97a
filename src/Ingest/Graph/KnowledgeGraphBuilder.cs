using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Graph;

/// <summary>
/// Collects one dataset's nodes and edge rows from any number of graph files, then folds the rows into edges: a row
/// whose reverse was already read (for a symmetric relation) is a mirror, a row read twice is a duplicate.
/// Each edge row costs 8 bytes (a packed key) until <see cref="Build"/>, so PrimeKG's 8.1M rows need ~65 MB.
/// </summary>
public sealed class KnowledgeGraphBuilder
{
    private const int NodeBits = 26;
    private const int RelationBits = 10;
    private const ulong NodeMask = (1UL << NodeBits) - 1;

    private readonly List<GraphNode> _nodes = [];
    private readonly Dictionary<(string Type, string Key), int> _nodeIndex = [];
    private readonly List<RelationType> _relations = [];
    private readonly Dictionary<RelationType, int> _relationIndex = [];
    private readonly List<(int Node, string Name, string Value)> _attributes = [];
    private ulong[] _keys;
    private int _keyCount;
    private bool _built;

    public KnowledgeGraphBuilder(int expectedRows = 1 << 16) => _keys = new ulong[Math.Max(16, expectedRows)];

    public int NodeCount => _nodes.Count;

    public long EdgeRows => _keyCount;

    public IReadOnlyList<GraphNode> Nodes => _nodes;

    public IReadOnlyList<RelationType> Relations => _relations;

    public IReadOnlyList<(int Node, string Name, string Value)> Attributes => _attributes;

    public bool TryGetNode(string type, string key, out int index) => _nodeIndex.TryGetValue((type, key), out index);

    /// <summary>Adds a node, or returns the index of the node with the same (type, key).</summary>
    public int AddNode(GraphNode node)
    {
        if (_nodeIndex.TryGetValue((node.Type, node.Key), out var existing))
        {
            return existing;
        }

        if (_nodes.Count > (int)NodeMask)
        {
            throw new InvalidOperationException($"A dataset may hold at most {NodeMask:N0} nodes.");
        }

        _nodes.Add(node);
        _nodeIndex[(node.Type, node.Key)] = _nodes.Count - 1;
        return _nodes.Count - 1;
    }

    public void AddAttribute(int node, string name, string value) => _attributes.Add((node, name, value));

    /// <summary>
    /// Finds or adds a relation. For a symmetric relation between two different node types, a row written the other
    /// way round (target type first) maps onto the same relation with <paramref name="reversed"/> set.
    /// </summary>
    public int AddRelation(RelationType relation, out bool reversed)
    {
        reversed = false;
        if (_relationIndex.TryGetValue(relation, out var index))
        {
            return index;
        }

        if (!relation.Directed)
        {
            var flipped = relation with { SourceType = relation.TargetType, TargetType = relation.SourceType };
            if (_relationIndex.TryGetValue(flipped, out index))
            {
                reversed = true;
                return index;
            }
        }

        if (_relations.Count >= 1 << RelationBits)
        {
            throw new InvalidOperationException($"A dataset may hold at most {1 << RelationBits} relation types.");
        }

        _relations.Add(relation);
        _relationIndex[relation] = _relations.Count - 1;
        return _relations.Count - 1;
    }

    /// <summary>Adds one edge row, source and target as read (pass <paramref name="reversed"/> from AddRelation).</summary>
    public void AddEdge(int relation, int source, int target, bool reversed)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        if (reversed)
        {
            (source, target) = (target, source);
        }

        var flag = reversed ? 1UL : 0UL;
        var definition = _relations[relation];
        if (!definition.Directed && definition.SourceType == definition.TargetType && source > target)
        {
            // A symmetric relation within one type: store the pair low → high, remember the row was the other way.
            (source, target) = (target, source);
            flag = 1;
        }

        if (_keyCount == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        _keys[_keyCount++] = ((ulong)relation << (2 * NodeBits + 1)) | ((ulong)source << (NodeBits + 1)) |
            ((ulong)target << 1) | flag;
    }

    /// <summary>Sorts and folds the rows. The builder cannot take more rows afterwards.</summary>
    public BuiltGraph Build()
    {
        _built = true;
        var keys = _keys.AsSpan(0, _keyCount);
        keys.Sort();
        long mirrored = 0, duplicates = 0;
        var perRelation = new long[_relations.Count];
        var write = 0;
        var i = 0;
        while (i < keys.Length)
        {
            var edge = keys[i] >> 1;
            var forward = 0;
            var backward = 0;
            while (i < keys.Length && keys[i] >> 1 == edge)
            {
                if ((keys[i] & 1) == 0)
                {
                    forward++;
                }
                else
                {
                    backward++;
                }

                i++;
            }

            var mirror = forward > 0 && backward > 0 && !_relations[(int)(edge >> (2 * NodeBits))].Directed ? 1 : 0;
            mirrored += mirror;
            duplicates += forward + backward - 1 - mirror;
            perRelation[(int)(edge >> (2 * NodeBits))]++;
            keys[write++] = edge;
        }

        var edges = _keys;
        _keys = [];
        return new BuiltGraph(_nodes, _relations, _attributes, edges, write, _keyCount, mirrored, duplicates, perRelation);
    }

    /// <summary>Unpacks an edge key produced by <see cref="Build"/>.</summary>
    internal static (int Relation, int Source, int Target) Unpack(ulong edge) =>
        ((int)(edge >> (2 * NodeBits)), (int)((edge >> NodeBits) & NodeMask), (int)(edge & NodeMask));
}

/// <summary>A dataset's folded graph: nodes, relations, and unique edges as packed keys (sorted by relation, source, target).</summary>
public sealed record BuiltGraph(
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<RelationType> Relations,
    IReadOnlyList<(int Node, string Name, string Value)> Attributes,
    ulong[] EdgeKeys,
    int EdgeCount,
    long Rows,
    long MirroredRows,
    long DuplicateRows,
    long[] EdgesPerRelation)
{
    public (int Relation, int Source, int Target) Edge(int index) => KnowledgeGraphBuilder.Unpack(EdgeKeys[index]);
}
