using PerturbKG.Model;
using PerturbKG.Model.Data;

namespace PerturbKG.UnitTests.Model;

/// <summary>
/// A small graph for model tests: 4 drugs, 2 cell lines, 10 genes (the first 6 are "landmarks"); relation 0 is
/// drug → gene (targets), relation 1 is a symmetric gene–gene chain 0–1–2–…–9.
/// </summary>
internal static class TinyGraph
{
    public static readonly int[] Landmarks = [6, 7, 8, 9, 10, 11];

    public static GraphData Build(int[][]? targets = null)
    {
        var random = new DeterministicRandom(3);
        targets ??= [[0], [3], [5], [9]];
        var blocks = new List<NodeBlock>
        {
            new("Drug", 0, 4, Features(4, 3, random)),
            new("CellLine", 4, 2, Features(2, 3, random)),
            new("Gene", 6, 10, Features(10, 2, random)),
        };
        var (source, target, relation) = (new List<int>(), new List<int>(), new List<int>());
        for (var d = 0; d < 4; d++)
        {
            foreach (var gene in targets[d])
            {
                source.Add(d);
                target.Add(6 + gene);
                relation.Add(0);
            }
        }

        for (var g = 0; g < 9; g++)
        {
            source.Add(6 + g);
            target.Add(7 + g);
            relation.Add(1);
        }

        return new GraphData(blocks, new StoredEdges([.. source], [.. target], [.. relation]),
            [new RelationInfo("drug_protein", false), new RelationInfo("ppi", true)], Landmarks);
    }

    /// <summary>A delta driven by the drug's target: genes near it (along the chain) move, with a per-cell sign.</summary>
    public static List<PairSample> Pairs(int[][]? targets = null)
    {
        targets ??= [[0], [3], [5], [9]];
        var pairs = new List<PairSample>();
        for (var d = 0; d < 4; d++)
        {
            for (var c = 0; c < 2; c++)
            {
                var delta = new float[6];
                for (var g = 0; g < 6; g++)
                {
                    delta[g] = targets[d].Sum(t => Math.Abs(t - g) <= 1 ? (c == 0 ? 1f : 0.5f) : 0f);
                }

                pairs.Add(new PairSample($"d{d}|c{c}", d, 4 + c, delta, 1));
            }
        }

        return pairs;
    }

    private static Matrix Features(int rows, int cols, DeterministicRandom random)
    {
        var t = new Matrix(rows, cols);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)random.NextGaussian();
        }

        return t;
    }
}
