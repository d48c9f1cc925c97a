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
                Parallelism.For(x.Rows, 512, (s, e) =>
                {
                    for (var n = s; n < e; n++)
                    {
                        for (var h = 0; h < heads; h++)
                        {
                            var slice = x.Grad.AsSpan((n * x.Cols) + (h * width), width);
                            TensorPrimitives.MultiplyAdd(a.Data.AsSpan(h * width, width), o.Grad[(n * heads) + h], slice, slice);
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
                    for (var n = s; n < e; n++)
                    {
                        for (var h = 0; h < heads; h++)
                        {
                            var slice = local.AsSpan(h * width, width);
                            TensorPrimitives.MultiplyAdd(x.Data.AsSpan((n * x.Cols) + (h * width), width), o.Grad[(n * heads) + h], slice, slice);
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
        }, x, a);
        Parallelism.For(x.Rows, 512, (s, e) =>
        {
            for (var n = s; n < e; n++)
            {
                for (var h = 0; h < heads; h++)
                {
                    output.Data[(n * heads) + h] = TensorPrimitives.Dot(x.Data.AsSpan((n * x.Cols) + (h * width), width), a.Data.AsSpan(h * width, width));
                }
            }
        });
        return output;
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
            for (var node = s; node < e; node++)
            {
                for (var h = 0; h < heads; h++)
                {
                    var dot = 0f;
                    for (var p = groups.Start[node]; p < groups.Start[node + 1]; p++)
                    {
                        var i = (groups.Items[p] * heads) + h;
                        dot += o.Data[i] * o.Grad[i];
                    }

                    for (var p = groups.Start[node]; p < groups.Start[node + 1]; p++)
                    {
                        var i = (groups.Items[p] * heads) + h;
                        scores.Grad[i] += o.Data[i] * (o.Grad[i] - dot);
                    }
                }
            }
        }), scores);
        Parallelism.For(edges.Nodes, 256, (s, e) =>
        {
            for (var node = s; node < e; node++)
            {
                for (var h = 0; h < heads; h++)
                {
                    var max = float.NegativeInfinity;
                    for (var p = groups.Start[node]; p < groups.Start[node + 1]; p++)
                    {
                        max = MathF.Max(max, scores.Data[(groups.Items[p] * heads) + h]);
                    }

                    var sum = 0f;
                    for (var p = groups.Start[node]; p < groups.Start[node + 1]; p++)
                    {
                        var i = (groups.Items[p] * heads) + h;
                        output.Data[i] = MathF.Exp(scores.Data[i] - max);
                        sum += output.Data[i];
                    }

                    for (var p = groups.Start[node]; p < groups.Start[node + 1]; p++)
                    {
                        output.Data[(groups.Items[p] * heads) + h] /= sum;
                    }
                }
            }
        });
        return output;
    }

    /// <summary>
    /// Attention-weighted messages summed at each target, without materialising one message per edge:
    /// out[t] = Σ_{e → t} α[e, head] · h[source(e)] ⊙ gate[relation(e)] (per head block of columns; gate optional).
    /// </summary>
    public Tensor AttentionAggregate(Tensor h, Tensor alpha, Tensor? gate, EdgeIndex edges)
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
        Parallelism.For(edges.Nodes, 64, (s, e) =>
        {
            var message = new float[cols];
            for (var node = s; node < e; node++)
            {
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

    private static void AggregateBackward(Tensor h, Tensor alpha, Tensor? gate, EdgeIndex edges, Tensor o, int width)
    {
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
