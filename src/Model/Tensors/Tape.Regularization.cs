using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>Inverted dropout: zeroes each value with probability p and scales the rest by 1/(1 − p); identity when not recording.</summary>
    public Tensor Dropout(Tensor x, float p, DeterministicRandom random)
    {
        if (!Recording || p <= 0)
        {
            return x;
        }

        var keep = 1f / (1f - p);
        var mask = new float[x.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextSingle() < p ? 0f : keep;
        }

        var output = Result(x.Rows, x.Cols, o =>
        {
            var scaled = new float[x.Length];
            TensorPrimitives.Multiply(o.Grad, mask, scaled);
            TensorPrimitives.Add(x.Grad, scaled, x.Grad);
        }, x);
        TensorPrimitives.Multiply(x.Data, mask, output.Data);
        return output;
    }

    /// <summary>Normalises each row to zero mean and unit variance, then scales by gamma and shifts by beta (both 1 × cols).</summary>
    public Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon = 1e-5f)
    {
        var cols = x.Cols;
        var normalized = new float[x.Length];
        var inverseStd = new float[x.Rows];
        Parallelism.For(x.Rows, 256, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var row = x.Data.AsSpan(r * cols, cols);
                var mean = TensorPrimitives.Sum(row) / cols;
                var variance = 0f;
                foreach (var v in row)
                {
                    variance += (v - mean) * (v - mean);
                }

                inverseStd[r] = 1f / MathF.Sqrt((variance / cols) + epsilon);
                for (var c = 0; c < cols; c++)
                {
                    normalized[(r * cols) + c] = (row[c] - mean) * inverseStd[r];
                }
            }
        });

        var output = Result(x.Rows, cols, o =>
        {
            for (var r = 0; r < x.Rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var i = (r * cols) + c;
                    if (gamma.RequiresGrad)
                    {
                        gamma.Grad[c] += o.Grad[i] * normalized[i];
                    }

                    if (beta.RequiresGrad)
                    {
                        beta.Grad[c] += o.Grad[i];
                    }
                }
            }

            if (!x.RequiresGrad)
            {
                return;
            }

            Parallelism.For(x.Rows, 256, (s, e) =>
            {
                var g = new float[cols];
                for (var r = s; r < e; r++)
                {
                    float meanG = 0, meanGx = 0;
                    for (var c = 0; c < cols; c++)
                    {
                        g[c] = o.Grad[(r * cols) + c] * gamma.Data[c];
                        meanG += g[c];
                        meanGx += g[c] * normalized[(r * cols) + c];
                    }

                    meanG /= cols;
                    meanGx /= cols;
                    for (var c = 0; c < cols; c++)
                    {
                        var i = (r * cols) + c;
                        x.Grad[i] += inverseStd[r] * (g[c] - meanG - (normalized[i] * meanGx));
                    }
                }
            });
        }, x, gamma, beta);
        Parallelism.For(x.Rows, 256, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var target = output.Data.AsSpan(r * cols, cols);
                TensorPrimitives.Multiply(normalized.AsSpan(r * cols, cols), gamma.Data, target);
                TensorPrimitives.Add(target, beta.Data, target);
            }
        });
        return output;
    }
}
