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
        var mask = Scratch(x.Length);
        // One draw from the caller's generator seeds a counter-based one: element i's coin is a hash of (seed, i), so
        // the mask is the same however the work is split across cores.
        var seed = random.NextUInt64();
        var threshold = (uint)(p * 4294967296.0);
        Parallelism.For(mask.Length, ElementChunk, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                mask[i] = (uint)(Mix(seed + (ulong)i) >> 32) < threshold ? 0f : keep;
            }
        });

        var output = Result(x.Rows, x.Cols, o =>
        {
            var scaled = Scratch(x.Length);
            TensorPrimitives.Multiply(o.Grad, mask, scaled);
            TensorPrimitives.Add(x.Grad, scaled, x.Grad);
        }, [x]);
        TensorPrimitives.Multiply(x.Data, mask, output.Data);
        return output;
    }

    /// <summary>Normalises each row to zero mean and unit variance, then scales by gamma and shifts by beta (both 1 × cols).</summary>
    public Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon = 1e-5f)
    {
        var cols = x.Cols;
        var normalized = Scratch(x.Length);
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
            if (gamma.RequiresGrad || beta.RequiresGrad)
            {
                var partials = new List<(float[] Gamma, float[] Beta)>();
                Parallelism.For(x.Rows, 512, (s, e) =>
                {
                    var (localGamma, localBeta) = (new float[cols], new float[cols]);
                    for (var r = s; r < e; r++)
                    {
                        var g = o.Grad.AsSpan(r * cols, cols);
                        TensorPrimitives.MultiplyAdd(g, normalized.AsSpan(r * cols, cols), localGamma, localGamma);
                        TensorPrimitives.Add(localBeta, g, localBeta);
                    }

                    lock (partials)
                    {
                        partials.Add((localGamma, localBeta));
                    }
                });
                foreach (var (localGamma, localBeta) in partials)
                {
                    if (gamma.RequiresGrad)
                    {
                        TensorPrimitives.Add(gamma.Grad, localGamma, gamma.Grad);
                    }

                    if (beta.RequiresGrad)
                    {
                        TensorPrimitives.Add(beta.Grad, localBeta, beta.Grad);
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
        }, [x, gamma, beta]);
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

    // SplitMix64's finaliser: a bijective scramble of a 64-bit counter.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
