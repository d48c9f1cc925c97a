using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

/// <summary>The optimiser's settings: AdamW (decoupled weight decay) with clipping of the global gradient norm.</summary>
public sealed record AdamOptions(float LearningRate = 1e-3f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f,
    float WeightDecay = 0f, float ClipNorm = 0f);

/// <summary>Adam/AdamW over a fixed set of parameters.</summary>
public sealed class Adam
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private int _step;

    public Adam(IReadOnlyList<Tensor> parameters, AdamOptions options)
    {
        _parameters = parameters;
        Options = options;
        _m = parameters.Select(p => new float[p.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Length]).ToArray();
    }

    public AdamOptions Options { get; set; }

    /// <summary>The global gradient norm before clipping, of the last step.</summary>
    public float LastGradientNorm { get; private set; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    public void Step()
    {
        _step++;
        var norm = MathF.Sqrt(_parameters.Where(p => p.HasGrad).Sum(p => TensorPrimitives.SumOfSquares(p.Grad)));
        LastGradientNorm = norm;
        var clip = Options.ClipNorm > 0 && norm > Options.ClipNorm ? Options.ClipNorm / norm : 1f;
        var (b1, b2) = (Options.Beta1, Options.Beta2);
        var correction1 = 1 - MathF.Pow(b1, _step);
        var correction2 = 1 - MathF.Pow(b2, _step);
        var lr = Options.LearningRate;
        for (var i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (!p.HasGrad)
            {
                continue;
            }

            var (m, v, g, w) = (_m[i], _v[i], p.Grad, p.Data);
            var decay = Options.WeightDecay;
            Parallelism.For(w.Length, 1 << 15, (s, e) =>
            {
                for (var j = s; j < e; j++)
                {
                    var grad = g[j] * clip;
                    m[j] = (b1 * m[j]) + ((1 - b1) * grad);
                    v[j] = (b2 * v[j]) + ((1 - b2) * grad * grad);
                    var update = (m[j] / correction1) / (MathF.Sqrt(v[j] / correction2) + Options.Epsilon);
                    w[j] -= lr * (update + (decay * w[j]));
                }
            });
        }
    }
}
