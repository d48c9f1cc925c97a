using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>Per-head dot products: out[n, h] = Σ_d x[n, h·D + d] · a[h·D + d], for x (N × H·D) and a (1 × H·D).</summary>
    public Tensor HeadDot(Tensor x, Tensor a, int heads)
    {
        var width = CheckHeads(x.Cols, heads);
        if (a.Rows != 1 || a.Cols != x.Cols)
        {
            throw new ArgumentException("The attention vector must be 1 × (heads · head width).");
        }

        var output = Result(x.Rows, heads, o =>
        {
            if (x.RequiresGrad)
            {
                Parallelism.For(x.Rows, 1024, (s, e) =>
                {
                    var (grad, weights, cols) = (x.Grad, a.Data, x.Cols);
                    for (var n = s; n < e; n++)
                    {
                        for (var h = 0; h < heads; h++)
                        {
                            var g = o.Grad[(n * heads) + h];
                            var row = (n * cols) + (h * width);
                            for (var d = 0; d < width; d++)
                            {
                                grad[row + d] += g * weights[(h * width) + d];
                            }
                        }
                    }
                });
            }

            if (a.RequiresGrad)
            {
                var partials = new List<float[]>();
                Parallelism.For(x.Rows, 2048, (s, e) =>
                {
                    var local = new float[a.Length];
                    var (values, cols) = (x.Data, x.Cols);
                    for (var n = s; n < e; n++)
                    {
                        for (var h = 0; h < heads; h++)
                        {
                            var g = o.Grad[(n * heads) + h];
                            var row = (n * cols) + (h * width);
                            for (var d = 0; d < width; d++)
                            {
                                local[(h * width) + d] += g * values[row + d];
                            }
                        }
                    }

                    lock (partials)
                    {
                        partials.Add(local);
                    }
                });
                foreach (var local in partials)
                {
                    TensorPrimitives.Add(a.Grad, local, a.Grad);
                }
            }
        }, [x, a]);
        Parallelism.For(x.Rows, 1024, (s, e) =>
        {
            var (values, weights, cols) = (x.Data, a.Data, x.Cols);
            for (var n = s; n < e; n++)
            {
                for (var h = 0; h < heads; h++)
                {
                    var sum = 0f;
                    var row = (n * cols) + (h * width);
                    for (var d = 0; d < width; d++)
                    {
                        sum += values[row + d] * weights[(h * width) + d];
                    }

                    output.Data[(n * heads) + h] = sum;
                }
            }
        });
        return output;
    }

    /// <summary>
    /// Attention logits in one pass: e[edge, k] = LeakyReLU(fromSource[src, k] + atTarget[tgt, k] + byRelation[rel, k]),
    /// for node scores (nodes × heads) and relation biases (relations × heads). Fused because the unfused version
    /// spends its time allocating and streaming five edge-sized intermediates.
    /// </summary>
    public Tensor EdgeLogits(Tensor fromSource, Tensor atTarget, Tensor byRelation, EdgeIndex edges, float slope)
    {
        var heads = fromSource.Cols;
        if (atTarget.Cols != heads || byRelation.Cols != heads || fromSource.Rows != edges.Nodes || atTarget.Rows != edges.Nodes || byRelation.Rows != edges.Relations)
        {
            throw new ArgumentException("Node scores need one row per node, relation biases one per relation, all with one column per head.");
        }

        var output = Result(edges.Count, heads, o => EdgeLogitsBackward(fromSource, atTarget, byRelation, edges, slope, o, Scratch(o.Length)), [fromSource, atTarget, byRelation]);
        Parallelism.For(edges.Count, 8192, (s, e) =>
        {
            var (a, b, c, y) = (fromSource.Data, atTarget.Data, byRelation.Data, output.Data);
            for (var edge = s; edge < e; edge++)
            {
                var (src, tgt, rel) = (edges.Source[edge] * heads, edges.Target[edge] * heads, edges.Relation[edge] * heads);
                for (var k = 0; k < heads; k++)
                {
                    var v = a[src + k] + b[tgt + k] + c[rel + k];
                    y[(edge * heads) + k] = MathF.Max(v, slope * v);
                }
            }
        });
        return output;
    }

    private static void EdgeLogitsBackward(Tensor fromSource, Tensor atTarget, Tensor byRelation, EdgeIndex edges, float slope, Tensor o, float[] d)
    {
        // The logit gradient through LeakyReLU, once per edge and head (branch-free, vectorised).
        var heads = fromSource.Cols;
        Parallelism.For(d.Length, 1 << 15, (s, e) =>
        {
            var y = o.Data.AsSpan(s, e - s);
            var g = o.Grad.AsSpan(s, e - s);
            var target = d.AsSpan(s, e - s);
            var i = 0;
            for (; i <= y.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            {
                var gv = new System.Numerics.Vector<float>(g[i..]);
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(new System.Numerics.Vector<float>(y[i..]), System.Numerics.Vector<float>.Zero), gv, gv * slope).CopyTo(target[i..]);
            }

            for (; i < y.Length; i++)
            {
                target[i] = y[i] > 0 ? g[i] : slope * g[i];
            }
        });

        // Edges are sorted by target: a target's edges are one contiguous run of d.
        void SumByTarget(Tensor scores) => Parallelism.For(edges.Nodes, 512, (s, e) =>
        {
            var grad = scores.Grad;
            for (var node = s; node < e; node++)
            {
                for (var edge = edges.ByTarget.Start[node]; edge < edges.ByTarget.Start[node + 1]; edge++)
                {
                    for (var k = 0; k < heads; k++)
                    {
                        grad[(node * heads) + k] += d[(edge * heads) + k];
                    }
                }
            }
        });

        if (fromSource.RequiresGrad)
        {
            // Sources are scattered over the target-sorted edges: each worker reads its edges in order and adds into
            // its own copy of the (small: nodes × heads) gradient, and the copies are summed.
            var workers = Parallelism.Workers;
            var size = (edges.Count + workers - 1) / workers;
            var partials = new float[workers][];
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var local = partials[w] = new float[fromSource.Length];
                for (var edge = w * size; edge < Math.Min(edges.Count, (w + 1) * size); edge++)
                {
                    var row = edges.Source[edge] * heads;
                    for (var k = 0; k < heads; k++)
                    {
                        local[row + k] += d[(edge * heads) + k];
                    }
                }
            });
            foreach (var local in partials)
            {
                TensorPrimitives.Add(fromSource.Grad, local, fromSource.Grad);
            }
        }

        if (atTarget.RequiresGrad)
        {
            SumByTarget(atTarget);
        }

        if (byRelation.RequiresGrad)
        {
            var partials = new List<float[]>();
            Parallelism.For(edges.Count, 1 << 14, (s, e) =>
            {
                var local = new float[byRelation.Length];
                for (var edge = s; edge < e; edge++)
                {
                    var row = edges.Relation[edge] * heads;
                    for (var k = 0; k < heads; k++)
                    {
                        local[row + k] += d[(edge * heads) + k];
                    }
                }

                lock (partials)
                {
                    partials.Add(local);
                }
            });
            foreach (var local in partials)
            {
                TensorPrimitives.Add(byRelation.Grad, local, byRelation.Grad);
            }
        }
    }

    /// <summary>Softmax of each column over each node's incoming edges: scores (E × H) → weights summing to 1 per node and head.</summary>
    public Tensor SegmentSoftmax(Tensor scores, EdgeIndex edges)
    {
        if (scores.Rows != edges.Count)
        {
            throw new ArgumentException("Edge scores need one row per edge.");
        }

        var heads = scores.Cols;
        var groups = edges.ByTarget;
        var output = Result(scores.Rows, heads, o => Parallelism.For(edges.Nodes, 256, (s, e) =>
        {
            // Per node and head: dscore = y (g − Σ y g), over the node's contiguous run of edges.
            Span<float> dot = stackalloc float[heads];
            var (y, g, gradIn) = (o.Data, o.Grad, scores.Grad);
            for (var node = s; node < e; node++)
            {
                var (first, last) = (groups.Start[node] * heads, groups.Start[node + 1] * heads);
                dot.Clear();
                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        dot[h] += y[i + h] * g[i + h];
                    }
                }

                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        gradIn[i + h] += y[i + h] * (g[i + h] - dot[h]);
                    }
                }
            }
        }), [scores]);
        // Edges are sorted by target, so a node's scores are one contiguous run of rows: shift each run by its
        // per-head maximum, exponentiate everything at once (vectorised), then normalise each run.
        var (input, result) = (scores.Data, output.Data);
        Parallelism.For(edges.Nodes, 256, (s, e) =>
        {
            Span<float> max = stackalloc float[heads];
            Span<float> sum = stackalloc float[heads];
            for (var node = s; node < e; node++)
            {
                var (first, last) = (groups.Start[node] * heads, groups.Start[node + 1] * heads);
                if (first == last)
                {
                    continue;
                }

                max.Fill(float.NegativeInfinity);
                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        max[h] = MathF.Max(max[h], input[i + h]);
                    }
                }

                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        result[i + h] = input[i + h] - max[h];
                    }
                }

                FastMath.Exp(result.AsSpan(first, last - first), result.AsSpan(first, last - first));
                sum.Clear();
                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        sum[h] += result[i + h];
                    }
                }

                for (var i = first; i < last; i += heads)
                {
                    for (var h = 0; h < heads; h++)
                    {
                        result[i + h] /= sum[h];
                    }
                }
            }
        });
        return output;
    }

    /// <summary>
    /// Attention-weighted messages summed at each target, without materialising one message per edge:
    /// out[t] = Σ_{e → t} α[e, head] · h[source(e)] ⊙ gate[relation(e)] (per head block of columns; gate optional).
    /// With <paramref name="onlyTargets"/>, rows of other nodes are left at zero (their gradient must be zero too).
    /// </summary>
    public Tensor AttentionAggregate(Tensor h, Tensor alpha, Tensor? gate, EdgeIndex edges, bool[]? onlyTargets = null)
    {
        var cols = h.Cols;
        var heads = alpha.Cols;
        var width = CheckHeads(cols, heads);
        if (alpha.Rows != edges.Count || (gate is not null && (gate.Rows != edges.Relations || gate.Cols != cols)))
        {
            throw new ArgumentException("alpha needs one row per edge; gate one row per relation and h's width.");
        }

        var inputs = gate is null ? new[] { h, alpha } : new[] { h, alpha, gate };
        var output = Result(edges.Nodes, cols, o => AggregateBackward(h, alpha, gate, edges, o, width), inputs);
        if (AttentionKernels.Supports(width))
        {
            var active = AttentionKernels.ActiveRows(h.Data, h.Rows, h.Cols);
            Parallelism.For(edges.Nodes, 64, (s, e) => AggregateForwardFast(h, alpha, gate, output, edges, s, e, active, onlyTargets));
            return output;
        }

        Parallelism.For(edges.Nodes, 64, (s, e) =>
        {
            var message = new float[cols];
            for (var node = s; node < e; node++)
            {
                if (onlyTargets is not null && !onlyTargets[node])
                {
                    continue;
                }

                var target = output.Data.AsSpan(node * cols, cols);
                for (var p = edges.ByTarget.Start[node]; p < edges.ByTarget.Start[node + 1]; p++)
                {
                    var edge = edges.ByTarget.Items[p];
                    Message(h, gate, edges, edge, message);
                    for (var k = 0; k < heads; k++)
                    {
                        var block = target.Slice(k * width, width);
                        TensorPrimitives.MultiplyAdd(message.AsSpan(k * width, width), alpha.Data[(edge * heads) + k], block, block);
                    }
                }
            }
        });
        return output;
    }

    private static unsafe void AggregateForwardFast(Tensor h, Tensor alpha, Tensor? gate, Tensor output, EdgeIndex edges, int start, int end, bool[] active, bool[]? onlyTargets)
    {
        fixed (float* ph = h.Data, pa = alpha.Data, pg = gate is null ? null : gate.Data, po = output.Data)
        {
            AttentionKernels.Forward(ph, pa, pg, po, edges, h.Cols, alpha.Cols, start, end, active, onlyTargets);
        }
    }

    private static unsafe void AggregateBackwardFast(Tensor h, Tensor alpha, Tensor? gate, EdgeIndex edges, Tensor o)
    {
        var (cols, heads) = (h.Cols, alpha.Cols);
        var needGate = gate is { RequiresGrad: true };
        if (!h.RequiresGrad && !alpha.RequiresGrad && !needGate)
        {
            return;
        }

        var activeTargets = AttentionKernels.ActiveRows(o.Grad, o.Rows, o.Cols);
        var activeSources = alpha.RequiresGrad || needGate ? AttentionKernels.ActiveRows(h.Data, h.Rows, h.Cols) : [];
        var partials = new List<float[]>();
        Parallelism.For(edges.Nodes, 256, (s, e) =>
        {
            var local = needGate ? new float[gate!.Length] : null;
            fixed (float* ph = h.Data, gh = h.RequiresGrad ? h.Grad : null, pa = alpha.Data, ga = alpha.RequiresGrad ? alpha.Grad : null,
                pg = gate is null ? null : gate.Data, pl = local, go = o.Grad)
            {
                AttentionKernels.Backward(ph, gh, pa, ga, pg, pl, go, edges, cols, heads, s, e, activeSources.Length > 0, activeTargets, activeSources);
            }

            if (local is not null)
            {
                lock (partials)
                {
                    partials.Add(local);
                }
            }
        });
        foreach (var local in partials)
        {
            TensorPrimitives.Add(gate!.Grad, local, gate.Grad);
        }
    }

    private static void AggregateBackward(Tensor h, Tensor alpha, Tensor? gate, EdgeIndex edges, Tensor o, int width)
    {
        if (AttentionKernels.Supports(width))
        {
            AggregateBackwardFast(h, alpha, gate, edges, o);
            return;
        }

        var cols = h.Cols;
        var heads = alpha.Cols;
        if (h.RequiresGrad)
        {
            Parallelism.For(edges.Nodes, 64, (s, e) =>
            {
                var scaled = new float[cols];
                for (var node = s; node < e; node++)
                {
                    var target = h.Grad.AsSpan(node * cols, cols);
                    for (var p = edges.BySource.Start[node]; p < edges.BySource.Start[node + 1]; p++)
                    {
                        var edge = edges.BySource.Items[p];
                        var upstream = o.Grad.AsSpan(edges.Target[edge] * cols, cols);
                        if (gate is null)
                        {
                            upstream.CopyTo(scaled);
                        }
                        else
                        {
                            TensorPrimitives.Multiply(upstream, gate.Data.AsSpan(edges.Relation[edge] * cols, cols), scaled);
                        }

                        for (var k = 0; k < heads; k++)
                        {
                            var block = target.Slice(k * width, width);
                            TensorPrimitives.MultiplyAdd(scaled.AsSpan(k * width, width), alpha.Data[(edge * heads) + k], block, block);
                        }
                    }
                }
            });
        }

        if (!alpha.RequiresGrad && gate is not { RequiresGrad: true })
        {
            return;
        }

        var partials = new List<float[]>();
        Parallelism.For(edges.Count, 1024, (s, e) =>
        {
            var message = new float[cols];
            var local = gate is { RequiresGrad: true } ? new float[gate.Length] : null;
            var product = new float[cols];
            for (var edge = s; edge < e; edge++)
            {
                var upstream = o.Grad.AsSpan(edges.Target[edge] * cols, cols);
                Message(h, gate, edges, edge, message);
                for (var k = 0; k < heads; k++)
                {
                    if (alpha.RequiresGrad)
                    {
                        alpha.Grad[(edge * heads) + k] += TensorPrimitives.Dot(message.AsSpan(k * width, width), upstream.Slice(k * width, width));
                    }
                }

                if (local is not null)
                {
                    TensorPrimitives.Multiply(h.Data.AsSpan(edges.Source[edge] * cols, cols), upstream, product);
                    var row = local.AsSpan(edges.Relation[edge] * cols, cols);
                    for (var k = 0; k < heads; k++)
                    {
                        var block = row.Slice(k * width, width);
                        TensorPrimitives.MultiplyAdd(product.AsSpan(k * width, width), alpha.Data[(edge * heads) + k], block, block);
                    }
                }
            }

            if (local is not null)
            {
                lock (partials)
                {
                    partials.Add(local);
                }
            }
        });
        foreach (var local in partials)
        {
            TensorPrimitives.Add(gate!.Grad, local, gate.Grad);
        }
    }

    private static void Message(Tensor h, Tensor? gate, EdgeIndex edges, int edge, Span<float> message)
    {
        var cols = h.Cols;
        var source = h.Data.AsSpan(edges.Source[edge] * cols, cols);
        if (gate is null)
        {
            source.CopyTo(message);
        }
        else
        {
            TensorPrimitives.Multiply(source, gate.Data.AsSpan(edges.Relation[edge] * cols, cols), message);
        }
    }

    private static int CheckHeads(int cols, int heads)
    {
        if (heads <= 0 || cols % heads != 0)
        {
            throw new ArgumentException($"{cols} columns cannot be split into {heads} heads.");
        }

        return cols / heads;
    }
}
