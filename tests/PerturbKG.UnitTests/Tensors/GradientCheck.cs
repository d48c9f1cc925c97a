using PerturbKG.Model;
using PerturbKG.Model.Tensors;

namespace PerturbKG.UnitTests.Tensors;

/// <summary>
/// Compares an op's analytic gradients with central finite differences of L = Σ f(x) ⊙ R for a fixed random R,
/// at up to 40 positions of every input that needs a gradient.
/// </summary>
internal static class GradientCheck
{
    public static void Check(Func<Tape, Tensor> f, params Tensor[] inputs)
    {
        foreach (var input in inputs)
        {
            input.ZeroGrad();
        }

        var tape = new Tape();
        var output = f(tape);
        var random = new DeterministicRandom(99);
        var projection = new Tensor(output.Rows, output.Cols);
        for (var i = 0; i < projection.Length; i++)
        {
            projection.Data[i] = (float)random.NextGaussian();
        }

        tape.Backward(tape.Sum(tape.Mul(output, projection)));
        foreach (var input in inputs.Where(t => t.RequiresGrad))
        {
            var analytic = (float[])input.Grad.Clone();
            var positions = Enumerable.Range(0, input.Length).OrderBy(_ => random.Next(1 << 30)).Take(40);
            foreach (var i in positions)
            {
                var original = input.Data[i];
                const float h = 1e-2f;
                input.Data[i] = original + h;
                var plus = Loss(f, projection);
                input.Data[i] = original - h;
                var minus = Loss(f, projection);
                input.Data[i] = original;
                var numeric = (plus - minus) / (2 * h);
                var tolerance = 2e-2 * Math.Max(1, Math.Abs(numeric));
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                    $"d/dx[{i}] of {input}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
            }
        }
    }

    public static Tensor Random(int rows, int cols, int seed, bool requiresGrad = true, float awayFromZero = 0f)
    {
        var random = new DeterministicRandom((ulong)seed);
        var tensor = new Tensor(rows, cols, requiresGrad: requiresGrad);
        for (var i = 0; i < tensor.Length; i++)
        {
            var v = (float)random.NextGaussian();
            tensor.Data[i] = MathF.Abs(v) < awayFromZero ? v + (MathF.Sign(v) * awayFromZero) + awayFromZero : v;
        }

        return tensor;
    }

    private static double Loss(Func<Tape, Tensor> f, Tensor projection)
    {
        // A recording tape, so ops that behave differently in evaluation (dropout) are checked as trained.
        var output = f(new Tape());
        double sum = 0;
        for (var i = 0; i < output.Length; i++)
        {
            sum += (double)output.Data[i] * projection.Data[i];
        }

        return sum;
    }
}
