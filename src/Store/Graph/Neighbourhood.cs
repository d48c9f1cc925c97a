namespace PerturbKG.Store.Graph;

/// <summary>
/// The k-hop neighbourhood of some anchors in a whole graph held as arrays, found breadth-first in memory. With a
/// neighbour cap each node keeps a reproducible sample of its edges. Every store reads its graph into these arrays
/// and calls this, so the same graph gives the same subgraph on every store.
/// </summary>
public static class Neighbourhood
{
    /// <summary>
    /// Selects nodes and edges. <paramref name="source"/> and <paramref name="target"/> index into
    /// <paramref name="nodes"/>; <paramref name="relation"/> holds the store's relation ids.
    /// </summary>
    public static (List<StoredNode> Nodes, List<GraphEdge> Edges) Select(
        IReadOnlyList<StoredNode> nodes, int[] relation, int[] source, int[] target, SubgraphRequest request, CancellationToken ct)
    {
        var index = new Dictionary<long, int>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Id] = i;
        }

        var incident = Incidence(nodes.Count, source, target);
        var kept = request.MaxNeighbours is { } cap ? KeptEdges(incident, relation, source, target, cap, request.Seed) : null;

        var selected = new bool[nodes.Count];
        var frontier = request.Anchors.Where(index.ContainsKey).Select(id => index[id]).Distinct().ToList();
        foreach (var node in frontier)
        {
            selected[node] = true;
        }

        for (var hop = 0; hop < request.Hops && frontier.Count > 0; hop++)
        {
            ct.ThrowIfCancellationRequested();
            var next = new List<int>();
            foreach (var node in frontier)
            {
                for (var p = incident.Start[node]; p < incident.Start[node + 1]; p++)
                {
                    var edge = incident.Edges[p];
                    if (kept is not null && !kept[edge])
                    {
                        continue;
                    }

                    var other = source[edge] == node ? target[edge] : source[edge];
                    if (!selected[other])
                    {
                        selected[other] = true;
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        var edges = new List<GraphEdge>();
        for (var e = 0; e < source.Length; e++)
        {
            if (selected[source[e]] && selected[target[e]] && (kept is null || kept[e]))
            {
                edges.Add(new GraphEdge(nodes[source[e]].Id, nodes[target[e]].Id, relation[e]));
            }
        }

        return (nodes.Where((_, i) => selected[i]).ToList(), edges);
    }

    private static (int[] Start, int[] Edges) Incidence(int nodes, int[] source, int[] target)
    {
        var start = new int[nodes + 1];
        for (var e = 0; e < source.Length; e++)
        {
            start[source[e] + 1]++;
            if (target[e] != source[e])
            {
                start[target[e] + 1]++;
            }
        }

        for (var i = 0; i < nodes; i++)
        {
            start[i + 1] += start[i];
        }

        var next = (int[])start.Clone();
        var edges = new int[start[nodes]];
        for (var e = 0; e < source.Length; e++)
        {
            edges[next[source[e]]++] = e;
            if (target[e] != source[e])
            {
                edges[next[target[e]]++] = e;
            }
        }

        return (start, edges);
    }

    // Each node keeps the `cap` incident edges with the lowest hash; an edge survives if either end keeps it.
    private static bool[] KeptEdges((int[] Start, int[] Edges) incident, int[] relation, int[] source, int[] target, int cap, ulong seed)
    {
        var kept = new bool[source.Length];
        var hashes = new ulong[source.Length];
        for (var e = 0; e < source.Length; e++)
        {
            hashes[e] = Mix(seed ^ ((ulong)(uint)Math.Min(source[e], target[e]) << 32 | (uint)Math.Max(source[e], target[e])) ^ ((ulong)relation[e] * 0x9E3779B97F4A7C15UL));
        }

        for (var node = 0; node + 1 < incident.Start.Length; node++)
        {
            var count = incident.Start[node + 1] - incident.Start[node];
            var mine = incident.Edges.AsSpan(incident.Start[node], count).ToArray();
            if (count > cap)
            {
                Array.Sort(mine, (x, y) => hashes[x].CompareTo(hashes[y]));
            }

            foreach (var edge in mine.Take(cap))
            {
                kept[edge] = true;
            }
        }

        return kept;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
