
namespace PerturbKG.Model.Data;

/// <summary>Versions of a graph with one kind of information destroyed, to see what a model relied on.</summary>
public static class Ablations
{
    /// <summary>
    /// Degree-preserving edge shuffling within each relation: targets are permuted among a relation's edges, so every
    /// node keeps its number of edges of each relation but no longer its partners.
    /// </summary>
    public static GraphData ShuffleEdges(GraphData data, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var stored = data.Stored;
        var target = (int[])stored.Target.Clone();
        foreach (var group in Enumerable.Range(0, stored.Count).GroupBy(e => stored.Relation[e]))
        {
            var edges = group.ToArray();
            var targets = edges.Select(e => stored.Target[e]).ToArray();
            random.Shuffle(targets);
            for (var i = 0; i < edges.Length; i++)
            {
                target[edges[i]] = targets[i];
            }
        }

        return data.WithEdges(stored with { Target = target });
    }

    /// <summary>Every node type's input features replaced by standard normal noise of the same shape.</summary>
    public static GraphData RandomizeFeatures(GraphData data, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var blocks = data.Blocks.Select(block =>
        {
            if (block.Features is not { } features)
            {
                return block;
            }

            var noise = new Matrix(features.Rows, features.Cols);
            for (var i = 0; i < noise.Length; i++)
            {
                noise.Data[i] = (float)random.NextGaussian();
            }

            return block with { Features = noise, FingerprintWidth = 0 };
        }).ToList();
        return data.WithBlocks(blocks);
    }
}
