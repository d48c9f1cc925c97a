using PerturbKG.Model.Evaluation;

namespace PerturbKG.UnitTests.Model;

public sealed class MetricsTests
{
    private static readonly float[] Truth = Enumerable.Range(0, 978).Select(i => (float)Math.Sin(i * 0.37) * (i % 7)).ToArray();
    private static readonly float[] Zero = new float[978];

    [Fact]
    public void Compute_IsPerfect_ForAPerfectPrediction()
    {
        var m = SampleMetrics.Compute(Truth, Truth, Zero);

        Assert.Equal(1, m.Pearson, 6);
        Assert.Equal(1, m.PearsonTop50, 6);
        Assert.Equal(1, m.PrecisionUp100);
        Assert.Equal(1, m.PrecisionDown100);
        Assert.Equal(0, m.Rmse, 6);
    }

    [Fact]
    public void Compute_IsMinusOne_AndFindsNothing_ForTheOppositePrediction()
    {
        var m = SampleMetrics.Compute(Truth.Select(v => -v).ToArray(), Truth, Zero);

        Assert.Equal(-1, m.Pearson, 6);
        Assert.Equal(0, m.PrecisionUp100);
    }

    [Fact]
    public void PearsonDelta_IsZero_WhenThePredictionIsTheTrainingMean()
    {
        var mean = Truth.Select(v => v * 0.5f).ToArray();

        var m = SampleMetrics.Compute(mean, Truth, mean);

        Assert.Equal(0, m.PearsonDelta);
        Assert.True(m.Pearson > 0.99); // the plain Pearson rewards the mean
    }

    [Fact]
    public void Correlation_MatchesAHandComputedValue()
    {
        Assert.Equal(0.8, SampleMetrics.Correlation([1f, 2f, 3f, 4f, 5f], [2f, 1f, 4f, 3f, 5f], Enumerable.Range(0, 5)), 10);
    }

    [Fact]
    public void Bootstrap_IntervalContainsTheMean_AndNarrowsWithMoreSamples()
    {
        var small = Enumerable.Range(0, 30).Select(i => Math.Sin(i)).ToList();
        var large = Enumerable.Range(0, 3_000).Select(i => Math.Sin(i)).ToList();

        var a = Bootstrap.Mean(small);
        var b = Bootstrap.Mean(large);

        Assert.InRange(a.Mean, a.Low, a.High);
        Assert.True(b.High - b.Low < (a.High - a.Low) / 3);
    }

    [Fact]
    public void PairedDifference_ExcludesZero_WhenOneSideIsAlwaysBetter()
    {
        var a = Enumerable.Range(0, 50).Select(i => 0.5 + (0.1 * Math.Sin(i))).ToList();
        var b = a.Select(v => v - 0.05).ToList();

        var d = Bootstrap.PairedDifference(a, b);

        Assert.Equal(0.05, d.Mean, 9);
        Assert.True(d.Low > 0);
    }
}
