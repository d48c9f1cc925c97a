
namespace PerturbKG.Model.Data;

/// <summary>
/// A graph as the models see it: node rows grouped in blocks by type, the stored (one-direction) typed edges, the
/// message-passing edges built from them (each stored edge both ways; a relation between two different node types
/// gets its own reverse relation), per-type input features, and the rows of the 978 landmark genes.
/// </summary>
public sealed class GraphData
{
    public GraphData(IReadOnlyList<NodeBlock> blocks, StoredEdges stored, IReadOnlyList<RelationInfo> relations, int[] landmarks)
    {
        var offset = 0;
        foreach (var block in blocks)
        {
            if (block.Offset != offset)
            {
                throw new ArgumentException($"Block {block.Type} starts at row {block.Offset}, expected {offset}.");
            }

            if (block.Features is { } features && features.Rows != block.Count)
            {
                throw new ArgumentException($"Block {block.Type} has {block.Count} nodes but {features.Rows} feature rows.");
            }

            offset += block.Count;
        }

        Blocks = blocks;
        Stored = stored;
        StoredRelations = relations;
        Landmarks = landmarks;
        (Edges, Relations) = BothWays(offset, stored, relations);
    }

    public IReadOnlyList<NodeBlock> Blocks { get; }

    /// <summary>The edges as the store holds them, one direction each.</summary>
    public StoredEdges Stored { get; }

    public IReadOnlyList<RelationInfo> StoredRelations { get; }

    /// <summary>
    /// Message-passing edges: every stored edge in both directions. Tags name the stored edge: e for the stored
    /// direction, ~e (negative) for the reverse.
    /// </summary>
    public EdgeIndex Edges { get; }

    /// <summary>Names of the message-passing relations by id (stored relations first, then their reverses).</summary>
    public IReadOnlyList<string> Relations { get; }

    /// <summary>Node rows of the landmark genes, in landmark position order.</summary>
    public int[] Landmarks { get; }

    public int NodeCount => Edges.Nodes;

    public NodeBlock? Block(string type) => Blocks.FirstOrDefault(b => b.Type == type);

    /// <summary>The same nodes and features over other stored edges (an ablation).</summary>
    public GraphData WithEdges(StoredEdges edges) => new(Blocks, edges, StoredRelations, Landmarks);

    /// <summary>The same graph with other node features (an ablation).</summary>
    public GraphData WithBlocks(IReadOnlyList<NodeBlock> blocks) => new(blocks, Stored, StoredRelations, Landmarks);

    private static (EdgeIndex, IReadOnlyList<string>) BothWays(int nodes, StoredEdges stored, IReadOnlyList<RelationInfo> relations)
    {
        var names = relations.Select(r => r.Name).ToList();
        var reverse = new int[relations.Count];
        for (var r = 0; r < relations.Count; r++)
        {
            // A symmetric relation within one node type reads the same both ways; anything else gets a reverse id.
            reverse[r] = relations[r].Symmetric ? r : names.Count;
            if (!relations[r].Symmetric)
            {
                names.Add(relations[r].Name + " (reverse)");
            }
        }

        var count = stored.Count;
        var source = new int[2 * count];
        var target = new int[2 * count];
        var relation = new int[2 * count];
        var tags = new int[2 * count];
        for (var e = 0; e < count; e++)
        {
            (source[e], target[e], relation[e], tags[e]) = (stored.Source[e], stored.Target[e], stored.Relation[e], e);
            (source[count + e], target[count + e], relation[count + e], tags[count + e]) = (stored.Target[e], stored.Source[e], reverse[stored.Relation[e]], ~e);
        }

        return (new EdgeIndex(nodes, source, target, relation, names.Count, tags), names);
    }
}

/// <summary>
/// A contiguous block of node rows of one type, with its input features (rows × width) if it has any. The first
/// <paramref name="FingerprintWidth"/> feature columns, if any, are a binary structure fingerprint (drugs' ECFP4 bits),
/// which similarity baselines compare by Tanimoto.
/// </summary>
public sealed record NodeBlock(string Type, int Offset, int Count, Matrix? Features, int FingerprintWidth = 0)
{
    public bool Contains(int row) => row >= Offset && row < Offset + Count;
}

/// <summary>A stored relation type; symmetric when it joins one node type and reads the same both ways.</summary>
public sealed record RelationInfo(string Name, bool Symmetric);

/// <summary>Stored edges as parallel arrays of node rows and relation ids.</summary>
public sealed record StoredEdges(int[] Source, int[] Target, int[] Relation)
{
    public int Count => Source.Length;
}
