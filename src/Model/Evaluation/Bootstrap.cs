namespace PerturbKG.Model.Evaluation;

/// <summary>A mean with its 95% percentile-bootstrap confidence interval.</summary>
public sealed record Estimate(double Mean, double Low, double High, int N)
{
    public bool Overlaps(Estimate other) => Low <= other.High && other.Low <= High;

    public override string ToString() => $"{Mean:F3} [{Low:F3}, {High:F3}]";
}

/// <summary>Percentile bootstrap over samples (1,000 resamples by default, seeded). NaN values (undefined for a sample) are left out.</summary>
public static class Bootstrap
{
    public static Estimate Mean(IReadOnlyList<double> values, int resamples = 1000, ulong seed = 7)
    {
        if (values.Any(double.IsNaN))
        {
            values = values.Where(v => !double.IsNaN(v)).ToList();
        }

        if (values.Count == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        }

        var random = new DeterministicRandom(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < values.Count; i++)
            {
                sum += values[random.Next(values.Count)];
            }

            means[r] = sum / values.Count;
        }

        Array.Sort(means);
        return new Estimate(values.Average(), means[(int)(0.025 * (resamples - 1))], means[(int)Math.Ceiling(0.975 * (resamples - 1))], values.Count);
    }

    /// <summary>The mean of a − b over paired samples, with its CI (resampling the pairs together).</summary>
    public static Estimate PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = 1000, ulong seed = 7)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException("Paired differences need the same samples on both sides.");
        }

        return Mean(a.Zip(b, (x, y) => x - y).ToList(), resamples, seed);
    }
}
