namespace PerturbKG.Model.Data;

/// <summary>
/// Directed, typed edges between node rows, kept sorted by target so per-target work (softmax, aggregation) reads
/// memory in order, and grouped by source for gradients back to sources; parallel loops never write a row twice.
/// Each edge carries a caller's tag (e.g. which stored edge it came from) through the sort.
/// </summary>
public sealed class EdgeIndex
{
    public EdgeIndex(int nodes, int[] source, int[] target, int[] relation, int relations, int[]? tags = null)
    {
        if (source.Length != target.Length || source.Length != relation.Length || (tags is not null && tags.Length != source.Length))
        {
            throw new ArgumentException("source, target, relation (and tags) must have one entry per edge.");
        }

        var order = RowGroups.Build(target, nodes).Items;
        Source = order.Select(e => source[e]).ToArray();
        Target = order.Select(e => target[e]).ToArray();
        Relation = order.Select(e => relation[e]).ToArray();
        Tags = tags is null ? order : order.Select(e => tags[e]).ToArray();
        Nodes = nodes;
        Relations = relations;
        ByTarget = RowGroups.Build(Target, nodes);
        BySource = RowGroups.Build(Source, nodes);
        TargetBySource = BySource.Items.Select(e => Target[e]).ToArray();
        RelationBySource = BySource.Items.Select(e => Relation[e]).ToArray();
    }

    public int Nodes { get; }

    public int Count => Source.Length;

    public int[] Source { get; }

    public int[] Target { get; }

    public int[] Relation { get; }

    /// <summary>Per edge, the tag it was given (its original position when none was).</summary>
    public int[] Tags { get; }

    public int Relations { get; }

    /// <summary>Edges grouped by their target row (contiguous, as edges are sorted by target).</summary>
    public RowGroups ByTarget { get; }

    /// <summary>Edges grouped by their source row.</summary>
    public RowGroups BySource { get; }

    /// <summary>Each edge's target in <see cref="BySource"/> order, so source-major loops read it in sequence.</summary>
    public int[] TargetBySource { get; }

    /// <summary>Each edge's relation in <see cref="BySource"/> order.</summary>
    public int[] RelationBySource { get; }

    /// <summary>Edges grouped by relation.</summary>
    public RowGroups ByRelation => _byRelation ??= RowGroups.Build(Relation, Relations);

    private RowGroups? _byRelation;
}

/// <summary>Items grouped by the row they belong to (a counting sort): row r owns Items[Start[r] .. Start[r + 1]).</summary>
public sealed class RowGroups
{
    private RowGroups(int[] start, int[] items)
    {
        Start = start;
        Items = items;
    }

    public int[] Start { get; }

    public int[] Items { get; }

    public static RowGroups Build(int[] rowOfItem, int rows)
    {
        var start = new int[rows + 1];
        foreach (var row in rowOfItem)
        {
            if ((uint)row >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rowOfItem), $"Row {row} is outside 0..{rows - 1}.");
            }

            start[row + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            start[r + 1] += start[r];
        }

        var next = (int[])start.Clone();
        var items = new int[rowOfItem.Length];
        for (var i = 0; i < rowOfItem.Length; i++)
        {
            items[next[rowOfItem[i]]++] = i;
        }

        return new RowGroups(start, items);
    }
}
