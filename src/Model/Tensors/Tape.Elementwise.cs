using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    private const int ElementChunk = 1 << 15;

    /// <summary>a + b, where b has a's shape, is one row (added to every row), or is 1 × 1.</summary>
    public Tensor Add(Tensor a, Tensor b)
    {
        var kind = Broadcast(a, b);
        var output = Result(a.Rows, a.Cols, o =>
        {
            if (a.RequiresGrad)
            {
                TensorPrimitives.Add(a.Grad, o.Grad, a.Grad);
            }

            if (b.RequiresGrad)
            {
                ReduceInto(o.Grad, o.Rows, o.Cols, kind, b.Grad);
            }
        }, [a, b]);
        Apply(a, b, kind, output.Data, (x, y, z) => TensorPrimitives.Add(x, y, z), (x, y, z) => TensorPrimitives.Add(x, y, z));
        return output;
    }

    /// <summary>a ⊙ b (elementwise), with b broadcast like <see cref="Add"/>.</summary>
    public Tensor Mul(Tensor a, Tensor b)
    {
        var kind = Broadcast(a, b);
        var output = Result(a.Rows, a.Cols, o =>
        {
            if (a.RequiresGrad)
            {
                var scratch = Scratch(a.Length);
                var gradient = new Tensor(o.Rows, o.Cols, o.Grad);
                Apply(gradient, b, kind, scratch, (x, y, z) => TensorPrimitives.Multiply(x, y, z), (x, y, z) => TensorPrimitives.Multiply(x, y, z));
                TensorPrimitives.Add(a.Grad, scratch, a.Grad);
            }

            if (b.RequiresGrad)
            {
                var product = Scratch(a.Length);
                TensorPrimitives.Multiply(o.Grad, a.Data, product);
                ReduceInto(product, a.Rows, a.Cols, kind, b.Grad);
            }
        }, [a, b]);
        Apply(a, b, kind, output.Data, (x, y, z) => TensorPrimitives.Multiply(x, y, z), (x, y, z) => TensorPrimitives.Multiply(x, y, z));
        return output;
    }

    /// <summary>a × s for a constant s.</summary>
    public Tensor Scale(Tensor a, float s)
    {
        var output = Result(a.Rows, a.Cols, o => TensorPrimitives.MultiplyAdd(o.Grad, s, a.Grad, a.Grad), [a]);
        TensorPrimitives.Multiply(a.Data, s, output.Data);
        return output;
    }

    private enum BroadcastKind
    {
        Same,
        Row,
        Scalar,
    }

    private static BroadcastKind Broadcast(Tensor a, Tensor b)
    {
        if (a.Rows == b.Rows && a.Cols == b.Cols)
        {
            return BroadcastKind.Same;
        }

        if (b.Rows == 1 && b.Cols == a.Cols)
        {
            return BroadcastKind.Row;
        }

        if (b.Length == 1)
        {
            return BroadcastKind.Scalar;
        }

        throw new ArgumentException($"Cannot broadcast {b.Rows} × {b.Cols} onto {a.Rows} × {a.Cols}.");
    }

    // z = f(x, y) with y broadcast: per element, per row against one row, or against one scalar.
    private static void Apply(Tensor a, Tensor b, BroadcastKind kind, float[] result,
        TensorPrimitives2 spanOp, TensorScalarOp scalarOp)
    {
        var (x, y, cols) = (a.Data, b.Data, a.Cols);
        switch (kind)
        {
            case BroadcastKind.Same:
                Parallelism.For(x.Length, ElementChunk, (s, e) => spanOp(x.AsSpan(s, e - s), y.AsSpan(s, e - s), result.AsSpan(s, e - s)));
                break;
            case BroadcastKind.Row:
                Parallelism.For(a.Rows, Math.Max(1, ElementChunk / Math.Max(1, cols)), (s, e) =>
                {
                    for (var r = s; r < e; r++)
                    {
                        spanOp(x.AsSpan(r * cols, cols), y, result.AsSpan(r * cols, cols));
                    }
                });
                break;
            default:
                scalarOp(x, y[0], result);
                break;
        }
    }

    // Adds a broadcast result's gradient back onto the smaller operand's gradient.
    private static void ReduceInto(float[] gradient, int rows, int cols, BroadcastKind kind, float[] target)
    {
        switch (kind)
        {
            case BroadcastKind.Same:
                TensorPrimitives.Add(target, gradient, target);
                break;
            case BroadcastKind.Row:
                for (var r = 0; r < rows; r++)
                {
                    TensorPrimitives.Add(target, gradient.AsSpan(r * cols, cols), target);
                }

                break;
            default:
                target[0] += TensorPrimitives.Sum(gradient);
                break;
        }
    }

    private delegate void TensorPrimitives2(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z);

    private delegate void TensorScalarOp(ReadOnlySpan<float> x, float y, Span<float> z);
}
