namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// Sends a unit signal from each drug through the layers' attention, head by head, and reads what reaches each
    /// landmark gene: out[g, h·slots + s] = Σ over paths drugs[s] → … → landmarks[g] of L edges (self-loops included)
    /// of the product of α_l[edge, h]. Computed per drug on its frontier (sparse), so the cost follows neighbourhood
    /// sizes, not edges × drugs. Slots are padded to a multiple of 8; attention: one edges × heads tensor per layer.
    /// </summary>
    public Tensor PathPropagate(IReadOnlyList<Tensor> attention, EdgeIndex edges, IReadOnlyList<int> drugs, int[] landmarks)
    {
        var layers = attention.Count;
        var heads = attention[0].Cols;
        if (layers == 0 || attention.Any(a => a.Rows != edges.Count || a.Cols != heads))
        {
            throw new ArgumentException("One edges × heads attention tensor per layer is needed.");
        }

        var slots = Math.Max(8, (drugs.Count + 7) / 8 * 8);
        var plan = new PathPlan(attention, edges, drugs, landmarks, heads, slots);
        var output = Result(landmarks.Length, heads * slots, o => plan.Backward(o.Grad, Scratch), [.. attention]);
        plan.Forward(output.Data);
        return output;
    }

    // The propagation for one op: forward fills the output; backward re-walks each drug's frontiers. A work item is
    // one drug with all heads at once: a node's signal is `heads` contiguous floats, as is an edge's attention row, so
    // each index lookup is paid once for every head.
    private sealed class PathPlan(IReadOnlyList<Tensor> attention, EdgeIndex edges, IReadOnlyList<int> drugs, int[] landmarks, int heads, int slots)
    {
        public void Forward(float[] output) => Ranges((_, first, last) =>
        {
            var work = new Frontiers(edges.Nodes, heads);
            for (var drug = first; drug < last; drug++)
            {
                Forward(output, work, drug);
            }
        });

        private void Forward(float[] output, Frontiers work, int drug)
        {
            var reached = work.PropagateAll(attention, edges, drugs[drug], attention.Count - 1)[^1];
            var last = attention[^1].Data;
            Span<float> sum = stackalloc float[heads];
            for (var g = 0; g < landmarks.Length; g++)
            {
                sum.Clear();
                for (var p = edges.ByTarget.Start[landmarks[g]]; p < edges.ByTarget.Start[landmarks[g] + 1]; p++)
                {
                    var e = edges.ByTarget.Items[p];
                    if (reached.Contains(edges.Source[e]))
                    {
                        Accumulate(sum, last.AsSpan(e * heads, heads), reached.Slice(edges.Source[e]));
                    }
                }

                for (var h = 0; h < heads; h++)
                {
                    output[(g * heads * slots) + (h * slots) + drug] = sum[h];
                }
            }
        }

        /// <summary>
        /// Adds into the attention gradients: the first worker directly, the others into cleared buffers from
        /// <paramref name="scratch"/> that are summed in at the end (drugs share edges, so workers cannot share).
        /// </summary>
        public void Backward(float[] gradOut, Func<int, float[]> scratch)
        {
            var workers = Workers;
            var gradients = new float[]?[workers][];
            for (var w = 0; w < workers; w++)
            {
                gradients[w] = attention.Select(a => a.RequiresGrad ? (w == 0 ? a.Grad : scratch(a.Length)) : null).ToArray();
            }

            Ranges((worker, first, last) =>
            {
                var work = new Frontiers(edges.Nodes, heads);
                for (var drug = first; drug < last; drug++)
                {
                    Backward(gradOut, work, gradients[worker], drug);
                }
            });

            for (var l = 0; l < attention.Count; l++)
            {
                if (attention[l].RequiresGrad && workers > 1)
                {
                    var grad = attention[l].Grad;
                    Parallelism.For(grad.Length, 1 << 16, (s, e) =>
                    {
                        for (var w = 1; w < workers; w++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(grad.AsSpan(s, e - s), gradients[w][l].AsSpan(s, e - s), grad.AsSpan(s, e - s));
                        }
                    });
                }
            }
        }

        private void Backward(float[] gradOut, Frontiers work, float[]?[] gradAttention, int drug)
        {
            var layers = attention.Count;
            // Forward again, keeping every level's signal, then walk back from the landmarks.
            var levels = work.PropagateAll(attention, edges, drugs[drug], layers - 1);
            var upstream = work.Upstream;
            upstream.Clear();
            Span<float> d = stackalloc float[heads];
            for (var g = 0; g < landmarks.Length; g++)
            {
                var any = false;
                for (var h = 0; h < heads; h++)
                {
                    d[h] = gradOut[(g * heads * slots) + (h * slots) + drug];
                    any |= d[h] != 0;
                }

                if (!any)
                {
                    continue;
                }

                for (var p = edges.ByTarget.Start[landmarks[g]]; p < edges.ByTarget.Start[landmarks[g] + 1]; p++)
                {
                    var e = edges.ByTarget.Items[p];
                    if (levels[^1].Contains(edges.Source[e]))
                    {
                        Step(levels[^1], upstream, attention[^1].Data, gradAttention[^1], e, edges.Source[e], d);
                    }
                }
            }

            for (var l = layers - 2; l >= 0; l--)
            {
                var below = work.Downstream;
                below.Clear();
                foreach (var source in levels[l].Nodes)
                {
                    for (var p = edges.BySource.Start[source]; p < edges.BySource.Start[source + 1]; p++)
                    {
                        var target = edges.TargetBySource[p];
                        if (upstream.Contains(target))
                        {
                            Step(levels[l], below, attention[l].Data, gradAttention[l], edges.BySource.Items[p], source, upstream.Slice(target));
                        }
                    }
                }

                work.Swap();
                upstream = work.Upstream;
            }
        }

        // Edge e = source → target with upstream gradient d at the target: the attention gets signal(source) ⊙ d, and
        // the source's gradient gets α ⊙ d.
        private void Step(SparseVector level, SparseVector below, float[] alpha, float[]? gradAlpha, int e, int source, ReadOnlySpan<float> d)
        {
            var row = alpha.AsSpan(e * heads, heads);
            if (gradAlpha is not null)
            {
                Accumulate(gradAlpha.AsSpan(e * heads, heads), level.Slice(source), d);
            }

            Accumulate(below.Add(source), row, d);
        }

        private int Workers => Math.Max(1, Math.Min(Parallelism.Workers, drugs.Count));

        // Drugs in one contiguous range per worker.
        private void Ranges(Action<int, int, int> body)
        {
            var workers = Workers;
            var size = (drugs.Count + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w => body(w, w * size, Math.Min(drugs.Count, (w + 1) * size)));
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
        public IReadOnlyList<SparseVector> PropagateAll(IReadOnlyList<Tensor> attention, EdgeIndex edges, int drug, int steps)
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
                var alpha = attention[l].Data;
                foreach (var source in from.Nodes)
                {
                    var value = from.Slice(source);
                    for (var p = edges.BySource.Start[source]; p < edges.BySource.Start[source + 1]; p++)
                    {
                        var e = edges.BySource.Items[p];
                        Accumulate(to.Add(edges.TargetBySource[p]), alpha.AsSpan(e * heads, heads), value);
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

        public float[] Values { get; } = new float[nodes * heads];

        public IReadOnlyList<int> Nodes => _touched;

        public bool Contains(int node) => _present[node];

        public ReadOnlySpan<float> Slice(int node) => Values.AsSpan(node * heads, heads);

        /// <summary>The node's values, to add into (marks the node touched).</summary>
        public Span<float> Add(int node)
        {
            if (!_present[node])
            {
                _present[node] = true;
                _touched.Add(node);
            }

            return Values.AsSpan(node * heads, heads);
        }

        public void Clear()
        {
            foreach (var node in _touched)
            {
                Values.AsSpan(node * heads, heads).Clear();
                _present[node] = false;
            }

            _touched.Clear();
        }
    }
}
