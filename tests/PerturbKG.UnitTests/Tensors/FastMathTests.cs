using PerturbKG.Model.Tensors;

namespace PerturbKG.UnitTests.Tensors;

public sealed class FastMathTests
{
    [Fact]
    public void Exp_MatchesMathF_WithinARelativeMillionth_OverTheFloatRange()
    {
        var x = Enumerable.Range(0, 20_001).Select(i => -87f + (i * (175f / 20_000))).ToArray();
        var y = new float[x.Length];

        FastMath.Exp(x, y);

        for (var i = 0; i < x.Length; i++)
        {
            var expected = MathF.Exp(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6 * expected, $"exp({x[i]}) = {y[i]}, expected {expected}");
        }
    }

    [Fact]
    public void Exp_SaturatesInsteadOfOverflowing_AtTheExtremes()
    {
        var y = new float[9];

        FastMath.Exp([-1000f, -100f, 0f, 1f, 100f, 1000f, -1000f, 0f, 1f], y);

        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, y[2], 6);
        Assert.Equal(MathF.E, y[3], 5);
    }
}
