namespace PerturbKG.Model.Tensors;

/// <summary>
/// Directed, typed edges between node rows, with the edges grouped by target (for aggregation and softmax) and by
/// source (for gradients back to sources), so parallel loops never write the same row twice.
/// </summary>
public sealed class EdgeIndex
{
    public EdgeIndex(int nodes, int[] source, int[] target, int[] relation, int relations)
    {
        if (source.Length != target.Length || source.Length != relation.Length)
        {
            throw new ArgumentException("source, target and relation must have one entry per edge.");
        }

        Nodes = nodes;
        Source = source;
        Target = target;
        Relation = relation;
        Relations = relations;
        ByTarget = RowGroups.Build(target, nodes);
        BySource = RowGroups.Build(source, nodes);
    }

    public int Nodes { get; }

    public int Count => Source.Length;

    public int[] Source { get; }

    public int[] Target { get; }

    public int[] Relation { get; }

    public int Relations { get; }

    /// <summary>Edges grouped by their target row.</summary>
    public RowGroups ByTarget { get; }

    /// <summary>Edges grouped by their source row.</summary>
    public RowGroups BySource { get; }
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
