using PerturbKG.Model.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Message-passing edges (an <see cref="EdgeIndex"/>, sorted by target so each node's incoming edges are contiguous) as
/// index tensors on a device, and the softmax over each node's incoming edges. TorchSharp 0.107 has no scatter_reduce
/// (and index_reduce is not implemented), so the per-target maximum that keeps the softmax stable is taken in managed
/// code; it needs no gradient.
/// </summary>
public sealed class GraphEdges
{
    private readonly EdgeIndex _edges;

    public GraphEdges(EdgeIndex edges, Device device)
    {
        _edges = edges;
        Source = Indices(edges.Source, device);
        Target = Indices(edges.Target, device);
        Relation = Indices(edges.Relation, device);
        // Per edge, the row of its source in a (relations · nodes) table of gated node states.
        // Only the gather/index_add form (off the CPU) needs it: built on first use, not for every (rewired) model.
        _gatedSource = new Lazy<Tensor>(() => Indices(edges.Source.Select((s, e) => (edges.Relation[e] * edges.Nodes) + s).ToArray(), device));
    }

    /// <summary>The edges in target order (each target's incoming edges are contiguous).</summary>
    public EdgeIndex Index => _edges;

    public int Nodes => _edges.Nodes;

    public int Count => _edges.Count;

    public int Relations => _edges.Relations;

    public Tensor Source { get; }

    public Tensor Target { get; }

    public Tensor Relation { get; }

    /// <summary>Per edge, relation · nodes + source.</summary>
    public Tensor GatedSource => _gatedSource.Value;

    private readonly Lazy<Tensor> _gatedSource;

    /// <summary>Softmax of logits (edges × heads) over each target's incoming edges.</summary>
    public Tensor SegmentSoftmax(Tensor logits)
    {
        var heads = logits.shape[1];
        var maximum = SegmentMax(logits, heads);
        var shifted = (logits - maximum.index_select(0, Target)).exp();
        var totals = zeros(Nodes, heads, device: logits.device).index_add(0, Target, shifted, 1.0);
        return shifted / totals.index_select(0, Target);
    }

    private Tensor SegmentMax(Tensor logits, long heads)
    {
        var values = Torch.TensorMemory.ToArray(logits);

        var start = _edges.ByTarget.Start;
        var maximum = new float[Nodes * heads];
        Parallel.For(0, Nodes, i =>
        {
            for (var k = 0; k < heads; k++)
            {
                var best = float.NegativeInfinity;
                for (var e = start[i]; e < start[i + 1]; e++)
                {
                    best = Math.Max(best, values[(e * heads) + k]);
                }

                maximum[(i * heads) + k] = float.IsNegativeInfinity(best) ? 0 : best;
            }
        });
        return tensor(maximum, [Nodes, heads], device: logits.device);
    }

    private static Tensor Indices(int[] values, Device device) => tensor(values.Select(v => (long)v).ToArray(), device: device);
}
