using PerturbKG.Model;
using PerturbKG.Model.Tensors;
using static PerturbKG.UnitTests.Tensors.GradientCheck;

namespace PerturbKG.UnitTests.Tensors;

public sealed class EngineTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Gemm_EqualsNaiveProduct_ForEveryTransposeAndOddSizes(bool transposeA, bool transposeB)
    {
        const int m = 37, n = 53, k = 301;
        var a = Random(transposeA ? k : m, transposeA ? m : k, 1, false);
        var b = Random(transposeB ? n : k, transposeB ? k : n, 2, false);
        var c = Random(m, n, 3, false);
        var expected = (float[])c.Data.Clone();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var kk = 0; kk < k; kk++)
                {
                    var av = transposeA ? a.Data[(kk * m) + i] : a.Data[(i * k) + kk];
                    var bv = transposeB ? b.Data[(j * k) + kk] : b.Data[(kk * n) + j];
                    sum += av * bv;
                }

                expected[(i * n) + j] += (float)sum;
            }
        }

        Gemm.Multiply(a.Data, a.Cols, transposeA, b.Data, b.Cols, transposeB, c.Data, n, m, n, k, accumulate: true);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], c.Data[i], 2e-3f);
        }
    }

    [Fact]
    public void Gemm_SplitsLargeProductsAcrossCores_WithoutChangingTheResult()
    {
        var a = Random(2_000, 64, 4, false);
        var b = Random(64, 48, 5, false);
        var c = new float[2_000 * 48];

        Gemm.Multiply(a.Data, 64, false, b.Data, 48, false, c, 48, 2_000, 48, 64, accumulate: false);

        for (var i = 0; i < 2_000; i += 97)
        {
            for (var j = 0; j < 48; j += 7)
            {
                var expected = Enumerable.Range(0, 64).Sum(kk => (double)a.Data[(i * 64) + kk] * b.Data[(kk * 48) + j]);
                Assert.Equal(expected, c[(i * 48) + j], 1e-3);
            }
        }
    }

    [Fact]
    public void SegmentSoftmax_SumsToOnePerNodeAndHead()
    {
        var edges = OpGradientTests.SmallGraph();
        var scores = Random(edges.Count, 3, 6, false);

        var weights = Tape.NoGrad().SegmentSoftmax(scores, edges);

        for (var node = 0; node < edges.Nodes; node++)
        {
            var incoming = Enumerable.Range(0, edges.Count).Where(e => edges.Target[e] == node).ToList();
            for (var h = 0; h < 3; h++)
            {
                var sum = incoming.Sum(e => weights[e, h]);
                Assert.Equal(incoming.Count == 0 ? 0 : 1, sum, 5);
            }
        }
    }

    [Fact]
    public void NoGradTape_KeepsNothing_AndCannotDifferentiate()
    {
        var tape = Tape.NoGrad();
        var w = Random(3, 3, 7);

        var loss = tape.Sum(tape.MatMul(w, w));

        Assert.False(loss.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => tape.Backward(loss));
    }

    [Fact]
    public void Adam_FindsTheMinimumOfAQuadratic()
    {
        var x = Tensor.Parameter(1, 3);
        var target = new Tensor(1, 3, [1f, -2f, 3f]);
        var adam = new Adam([x], new AdamOptions(LearningRate: 0.1f));

        for (var step = 0; step < 500; step++)
        {
            var tape = new Tape();
            adam.ZeroGrad();
            tape.Backward(tape.MseLoss(x, target));
            adam.Step();
        }

        Assert.Equal(target.Data, x.Data, (a, b) => Math.Abs(a - b) < 1e-3);
    }

    [Fact]
    public void Adam_ClipsTheGlobalGradientNorm()
    {
        var x = Tensor.Parameter(1, 2);
        var adam = new Adam([x], new AdamOptions(LearningRate: 0.01f, ClipNorm: 1f));
        x.Grad[0] = 30f;
        x.Grad[1] = 40f;

        adam.Step();

        Assert.Equal(50f, adam.LastGradientNorm, 3);
        // Adam's first step moves each weight by about the learning rate whatever the scale; clipping keeps it finite.
        Assert.All(x.Data, v => Assert.InRange(Math.Abs(v), 0.009f, 0.011f));
    }

    [Fact]
    public void Init_Xavier_StaysWithinItsBound()
    {
        var w = Init.Xavier(100, 50, new DeterministicRandom(1));
        var bound = MathF.Sqrt(6f / 150);

        Assert.All(w.Data, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.RequiresGrad);
    }
}
