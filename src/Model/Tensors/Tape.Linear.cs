namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>a · b for a (n × k) and b (k × m).</summary>
    public Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Cols != b.Rows)
        {
            throw new ArgumentException($"Cannot multiply {a.Rows} × {a.Cols} by {b.Rows} × {b.Cols}.");
        }

        var output = Result(a.Rows, b.Cols, o =>
        {
            if (a.RequiresGrad)
            {
                Gemm.Multiply(o.Grad, o.Cols, false, b.Data, b.Cols, true, a.Grad, a.Cols, a.Rows, a.Cols, b.Cols, accumulate: true);
            }

            if (b.RequiresGrad)
            {
                Gemm.Multiply(a.Data, a.Cols, true, o.Grad, o.Cols, false, b.Grad, b.Cols, b.Rows, b.Cols, a.Rows, accumulate: true);
            }
        }, [a, b]);
        Gemm.Multiply(a.Data, a.Cols, false, b.Data, b.Cols, false, output.Data, output.Cols, a.Rows, b.Cols, a.Cols, accumulate: false);
        return output;
    }

    /// <summary>a · bᵀ for a (n × k) and b (m × k).</summary>
    public Tensor MatMulTransposed(Tensor a, Tensor b)
    {
        if (a.Cols != b.Cols)
        {
            throw new ArgumentException($"Cannot multiply {a.Rows} × {a.Cols} by the transpose of {b.Rows} × {b.Cols}.");
        }

        var output = Result(a.Rows, b.Rows, o =>
        {
            if (a.RequiresGrad)
            {
                Gemm.Multiply(o.Grad, o.Cols, false, b.Data, b.Cols, false, a.Grad, a.Cols, a.Rows, a.Cols, b.Rows, accumulate: true);
            }

            if (b.RequiresGrad)
            {
                Gemm.Multiply(o.Grad, o.Cols, true, a.Data, a.Cols, false, b.Grad, b.Cols, b.Rows, b.Cols, a.Rows, accumulate: true);
            }
        }, [a, b]);
        Gemm.Multiply(a.Data, a.Cols, false, b.Data, b.Cols, true, output.Data, output.Cols, a.Rows, b.Rows, a.Cols, accumulate: false);
        return output;
    }

    /// <summary>x · w + bias (bias 1 × m), the affine map of a linear layer.</summary>
    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias) =>
        bias is null ? MatMul(x, weight) : Add(MatMul(x, weight), bias);
}
