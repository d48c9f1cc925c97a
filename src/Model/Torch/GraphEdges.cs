using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Torch;

/// <summary>
/// Message-passing edges as index tensors on a device, sorted by target so each node's incoming edges are contiguous,
/// and the softmax over them. TorchSharp 0.107 has no scatter_reduce (and index_reduce is not implemented), so the
/// per-target maximum that keeps the softmax stable is taken in managed code; it needs no gradient.
/// </summary>
public sealed class GraphEdges
{
    private readonly int[] _start;

    /// <param name="source">Edge sources; with <paramref name="target"/> and <paramref name="relation"/>, sorted by target.</param>
    public GraphEdges(int nodes, int[] source, int[] target, int[] relation, int relations, Device? device = null)
    {
        for (var e = 1; e < target.Length; e++)
        {
            if (target[e] < target[e - 1])
            {
                throw new ArgumentException("Edges must be sorted by target.");
            }
        }

        _start = new int[nodes + 1];
        foreach (var t in target)
        {
            _start[t + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            _start[i + 1] += _start[i];
        }

        Count = source.Length;
        Relations = relations;
        Source = tensor(source.Select(v => (long)v).ToArray(), device: device);
        Target = tensor(target.Select(v => (long)v).ToArray(), device: device);
        Relation = tensor(relation.Select(v => (long)v).ToArray(), device: device);
    }

    public int Count { get; }

    public int Relations { get; }

    public Tensor Source { get; }

    public Tensor Target { get; }

    public Tensor Relation { get; }

    /// <summary>Softmax of logits (edges × heads) over each target's incoming edges.</summary>
    public Tensor SegmentSoftmax(Tensor logits, long nodes)
    {
        var heads = logits.shape[1];
        var maximum = SegmentMax(logits, heads);
        var shifted = (logits - maximum.index_select(0, Target)).exp();
        var totals = zeros(nodes, heads, device: logits.device).index_add(0, Target, shifted, 1.0);
        return shifted / totals.index_select(0, Target);
    }

    private Tensor SegmentMax(Tensor logits, long heads)
    {
        using var guard = no_grad();
        var values = logits.detach().cpu().contiguous().data<float>().ToArray();
        var nodes = _start.Length - 1;
        var maximum = new float[nodes * heads];
        Parallel.For(0, nodes, i =>
        {
            for (var k = 0; k < heads; k++)
            {
                var best = float.NegativeInfinity;
                for (var e = _start[i]; e < _start[i + 1]; e++)
                {
                    best = Math.Max(best, values[(e * heads) + k]);
                }

                maximum[(i * heads) + k] = float.IsNegativeInfinity(best) ? 0 : best;
            }
        });
        return tensor(maximum, [nodes, heads], device: logits.device);
    }
}
