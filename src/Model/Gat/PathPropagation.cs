using PerturbKG.Model.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// The path term's propagation as a TorchSharp autograd function: a unit signal is placed on each drug and sent through
/// the layers' attention, head by head, and what reaches each landmark gene is read: out[g, h, s] = Σ over paths
/// drugs[s] → … → landmarks[g] of one edge per layer (self-loops included) of the product of α_l[edge, h].
/// Computed per drug on its frontier (sparse), in managed code, so the cost follows neighbourhood sizes rather than
/// edges × drugs and no dense nodes × drugs tensor is made; the gradient goes back to every layer's attention.
/// Attention is read on the CPU (copied from a GPU if there), and the result is put on the attention's device.
/// </summary>
public sealed class PathPropagation : autograd.SingleTensorFunction<PathPropagation>
{
    public override string Name => nameof(PathPropagation);

    /// <summary>Signal (landmarks × heads × drugs) from one edges × heads attention tensor per layer.</summary>
    public static Tensor Apply(EdgeIndex edges, IReadOnlyList<int> drugs, int[] landmarks, IReadOnlyList<Tensor> attention) =>
        apply([new Plan(edges, [.. drugs], landmarks), .. attention]);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var plan = (Plan)vars[0];
        var attention = vars.Skip(1).Cast<Tensor>().ToList();
        var heads = (int)attention[0].shape[1];
        if (attention.Any(a => a.dim() != 2 || a.shape[0] != plan.Edges.Count || a.shape[1] != heads))
        {
            throw new ArgumentException("One edges × heads attention tensor per layer is needed.");
        }

        var alpha = attention.Select(Values).ToArray();
        ctx.save_data("alpha", alpha);
        ctx.save_data("plan", plan);
        var output = plan.Forward(alpha, heads);
        return tensor(output, [plan.Landmarks.Length, heads, plan.Drugs.Length], device: attention[0].device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var plan = (Plan)ctx.get_data("plan");
        var alpha = (float[][])ctx.get_data("alpha");
        var heads = alpha[0].Length / plan.Edges.Count;
        var gradients = plan.Backward(alpha, heads, Values(grad_output));
        return [null!, .. gradients.Select(g => tensor(g, [plan.Edges.Count, heads], device: grad_output.device))];
    }

    private static float[] Values(Tensor t) => PerturbKG.Model.Torch.TensorMemory.ToArray(t);

    // The work of one call: forward fills the output; backward re-walks each drug's frontiers. A work item is one drug
    // with all heads at once: a node's signal is `heads` contiguous floats, as is an edge's attention row, so each
    // index lookup is paid once for every head.
    private sealed record Plan(EdgeIndex Edges, int[] Drugs, int[] Landmarks)
    {
        public float[] Forward(float[][] alpha, int heads)
        {
            var output = new float[Landmarks.Length * heads * Drugs.Length];
            Ranges((_, first, last) =>
            {
                var work = new Frontiers(Edges.Nodes, heads);
                for (var drug = first; drug < last; drug++)
                {
                    Forward(alpha, heads, output, work, drug);
                }
            });
            return output;
        }

        private void Forward(float[][] alpha, int heads, float[] output, Frontiers work, int drug)
        {
            var reached = work.PropagateAll(alpha, Edges, Drugs[drug], alpha.Length - 1)[^1];
            var last = alpha[^1];
            Span<float> sum = stackalloc float[heads];
            for (var g = 0; g < Landmarks.Length; g++)
            {
                sum.Clear();
                for (var p = Edges.ByTarget.Start[Landmarks[g]]; p < Edges.ByTarget.Start[Landmarks[g] + 1]; p++)
                {
                    var e = Edges.ByTarget.Items[p];
                    if (reached.Contains(Edges.Source[e]))
                    {
                        Accumulate(sum, last.AsSpan(e * heads, heads), reached.Slice(Edges.Source[e]));
                    }
                }

                for (var h = 0; h < heads; h++)
                {
                    output[(((g * heads) + h) * Drugs.Length) + drug] = sum[h];
                }
            }
        }

        /// <summary>Gradients of every layer's attention; each worker has its own buffers (drugs share edges), summed at the end.</summary>
        public float[][] Backward(float[][] alpha, int heads, float[] gradOut)
        {
            var workers = Workers;
            var gradients = new float[workers][][];
            for (var w = 0; w < workers; w++)
            {
                gradients[w] = alpha.Select(a => new float[a.Length]).ToArray();
            }

            Ranges((worker, first, last) =>
            {
                var work = new Frontiers(Edges.Nodes, heads);
                for (var drug = first; drug < last; drug++)
                {
                    Backward(alpha, heads, gradOut, work, gradients[worker], drug);
                }
            });

            for (var w = 1; w < workers; w++)
            {
                for (var l = 0; l < alpha.Length; l++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(gradients[0][l], gradients[w][l], gradients[0][l]);
                }
            }

            return gradients[0];
        }

        private void Backward(float[][] alpha, int heads, float[] gradOut, Frontiers work, float[][] gradAlpha, int drug)
        {
            var layers = alpha.Length;
            // Forward again, keeping every level's signal, then walk back from the landmarks.
            var levels = work.PropagateAll(alpha, Edges, Drugs[drug], layers - 1);
            var upstream = work.Upstream;
            upstream.Clear();
            Span<float> d = stackalloc float[heads];
            for (var g = 0; g < Landmarks.Length; g++)
            {
                var any = false;
                for (var h = 0; h < heads; h++)
                {
                    d[h] = gradOut[(((g * heads) + h) * Drugs.Length) + drug];
                    any |= d[h] != 0;
                }

                if (!any)
                {
                    continue;
                }

                for (var p = Edges.ByTarget.Start[Landmarks[g]]; p < Edges.ByTarget.Start[Landmarks[g] + 1]; p++)
                {
                    var e = Edges.ByTarget.Items[p];
                    if (levels[^1].Contains(Edges.Source[e]))
                    {
                        Step(levels[^1], upstream, alpha[^1], gradAlpha[^1], heads, e, Edges.Source[e], d);
                    }
                }
            }

            for (var l = layers - 2; l >= 0; l--)
            {
                var below = work.Downstream;
                below.Clear();
                foreach (var source in levels[l].Nodes)
                {
                    for (var p = Edges.BySource.Start[source]; p < Edges.BySource.Start[source + 1]; p++)
                    {
                        var target = Edges.TargetBySource[p];
                        if (upstream.Contains(target))
                        {
                            Step(levels[l], below, alpha[l], gradAlpha[l], heads, Edges.BySource.Items[p], source, upstream.Slice(target));
                        }
                    }
                }

                work.Swap();
                upstream = work.Upstream;
            }
        }

        // Edge e = source → target with upstream gradient d at the target: the attention gets signal(source) ⊙ d, and
        // the source's gradient gets α ⊙ d.
        private static void Step(SparseVector level, SparseVector below, float[] alpha, float[] gradAlpha, int heads, int e, int source, ReadOnlySpan<float> d)
        {
            Accumulate(gradAlpha.AsSpan(e * heads, heads), level.Slice(source), d);
            Accumulate(below.Add(source), alpha.AsSpan(e * heads, heads), d);
        }

        private int Workers => Math.Max(1, Math.Min(Environment.ProcessorCount, Drugs.Length));

        // Drugs in one contiguous range per worker.
        private void Ranges(Action<int, int, int> body)
        {
            var workers = Workers;
            var size = (Drugs.Length + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w => body(w, w * size, Math.Min(Drugs.Length, (w + 1) * size)));
        }
    }

    // target += a ⊙ b over one node's heads.
    private static void Accumulate(Span<float> target, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (var h = 0; h < target.Length; h++)
        {
            target[h] += a[h] * b[h];
        }
    }

    // Sparse accumulators over nodes (dense values, a list of touched nodes), reused across drugs by one thread.
    private sealed class Frontiers(int nodes, int heads)
    {
        private SparseVector _upstream = new(nodes, heads);
        private SparseVector _downstream = new(nodes, heads);
        private readonly List<SparseVector> _levels = [];

        public SparseVector Upstream => _upstream;

        public SparseVector Downstream => _downstream;

        public void Swap() => (_upstream, _downstream) = (_downstream, _upstream);

        /// <summary>The signal before each of the first <paramref name="steps"/> + 1 levels (level 0: the drug alone).</summary>
        public IReadOnlyList<SparseVector> PropagateAll(float[][] alpha, EdgeIndex edges, int drug, int steps)
        {
            while (_levels.Count <= steps)
            {
                _levels.Add(new SparseVector(nodes, heads));
            }

            _levels[0].Clear();
            _levels[0].Add(drug).Fill(1f);
            for (var l = 0; l < steps; l++)
            {
                var (from, to) = (_levels[l], _levels[l + 1]);
                to.Clear();
                foreach (var source in from.Nodes)
                {
                    var value = from.Slice(source);
                    for (var p = edges.BySource.Start[source]; p < edges.BySource.Start[source + 1]; p++)
                    {
                        var e = edges.BySource.Items[p];
                        Accumulate(to.Add(edges.TargetBySource[p]), alpha[l].AsSpan(e * heads, heads), value);
                    }
                }
            }

            return _levels.GetRange(0, steps + 1);
        }
    }

    // A node-indexed vector of `heads` floats per node that remembers which nodes it touched.
    private sealed class SparseVector(int nodes, int heads)
    {
        private readonly List<int> _touched = [];
        private readonly bool[] _present = new bool[nodes];
        private readonly float[] _values = new float[nodes * heads];

        public IReadOnlyList<int> Nodes => _touched;

        public bool Contains(int node) => _present[node];

        public ReadOnlySpan<float> Slice(int node) => _values.AsSpan(node * heads, heads);

        /// <summary>The node's values, to add into (marks the node touched).</summary>
        public Span<float> Add(int node)
        {
            if (!_present[node])
            {
                _present[node] = true;
                _touched.Add(node);
            }

            return _values.AsSpan(node * heads, heads);
        }

        public void Clear()
        {
            foreach (var node in _touched)
            {
                _values.AsSpan(node * heads, heads).Clear();
                _present[node] = false;
            }

            _touched.Clear();
        }
    }
}
