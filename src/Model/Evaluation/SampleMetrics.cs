namespace PerturbKG.Model.Evaluation;

/// <summary>
/// How well one prediction matches one observed 978-gene delta: Pearson over all genes and over the top-k
/// differentially expressed genes (by |true delta|), precision@100 of the up- and down-regulated genes, RMSE, and
/// Pearson of both minus the training mean (Pearson-delta). The last three need the whole evaluated fold and are
/// filled by <see cref="FoldMetrics"/>: Pearson of both sides centred on their own fold centroid, and the rank of the
/// pair's own profile when the prediction retrieves among the fold's profiles. NaN marks a value that is undefined
/// for the pair (a cell line with one pair in the fold) and is left out of means.
/// </summary>
public sealed record SampleMetrics(
    double Pearson,
    double PearsonTop50,
    double PearsonTop100,
    double PrecisionUp100,
    double PrecisionDown100,
    double Rmse,
    double PearsonDelta,
    double PearsonDeltaCentroid = double.NaN,
    double RetrievalRank = double.NaN,
    double RetrievalTop1 = double.NaN)
{
    public static readonly IReadOnlyList<string> Names =
    [
        "pearson", "pearson_top50", "pearson_top100", "precision_up100", "precision_down100", "rmse", "pearson_delta",
        "pearson_delta_centroid", "retrieval_rank", "retrieval_top1",
    ];

    /// <summary>
    /// The metrics that a predictor giving every drug of a cell line the same vector cannot win: they score only what
    /// differs between drugs (such a predictor gets exactly 0, 0.5 and chance). The report ranks models by these.
    /// </summary>
    public static readonly IReadOnlyList<string> DrugDiscriminating = ["retrieval_rank", "pearson_delta_centroid", "retrieval_top1"];

    public double this[string name] => name switch
    {
        "pearson" => Pearson,
        "pearson_top50" => PearsonTop50,
        "pearson_top100" => PearsonTop100,
        "precision_up100" => PrecisionUp100,
        "precision_down100" => PrecisionDown100,
        "rmse" => Rmse,
        "pearson_delta" => PearsonDelta,
        "pearson_delta_centroid" => PearsonDeltaCentroid,
        "retrieval_rank" => RetrievalRank,
        "retrieval_top1" => RetrievalTop1,
        _ => throw new ArgumentException($"No metric {name}."),
    };

    /// <summary>Higher is better for every metric but RMSE and the retrieval rank.</summary>
    public static bool HigherIsBetter(string name) => name is not ("rmse" or "retrieval_rank");

    public static SampleMetrics Compute(float[] predicted, float[] truth, float[] trainingMean)
    {
        var byMagnitude = Enumerable.Range(0, truth.Length).OrderByDescending(g => Math.Abs(truth[g])).ToArray();
        return new SampleMetrics(
            Correlation(predicted, truth, Enumerable.Range(0, truth.Length)),
            Correlation(predicted, truth, byMagnitude.Take(50)),
            Correlation(predicted, truth, byMagnitude.Take(100)),
            Overlap(predicted, truth, 100, up: true),
            Overlap(predicted, truth, 100, up: false),
            Math.Sqrt(predicted.Zip(truth).Average(p => (p.First - p.Second) * (double)(p.First - p.Second))),
            Correlation(predicted.Zip(trainingMean).Select(p => p.First - p.Second).ToArray(),
                truth.Zip(trainingMean).Select(p => p.First - p.Second).ToArray(),
                Enumerable.Range(0, truth.Length)));
    }

    /// <summary>Pearson correlation over the given positions; 0 when either side is constant there.</summary>
    public static double Correlation(IReadOnlyList<float> x, IReadOnlyList<float> y, IEnumerable<int> positions)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        foreach (var i in positions)
        {
            double a = x[i], b = y[i];
            n++;
            sx += a;
            sy += b;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
        }

        var cov = sxy - (sx * sy / n);
        var vx = sxx - (sx * sx / n);
        var vy = syy - (sy * sy / n);
        return vx <= 1e-12 || vy <= 1e-12 ? 0 : cov / Math.Sqrt(vx * vy);
    }

    // The share of the k most up- (or down-) regulated true genes among the k the prediction ranks highest (lowest).
    private static double Overlap(float[] predicted, float[] truth, int k, bool up)
    {
        var sign = up ? -1 : 1;
        var top = Enumerable.Range(0, truth.Length).OrderBy(g => sign * truth[g]).Take(k).ToHashSet();
        return Enumerable.Range(0, predicted.Length).OrderBy(g => sign * predicted[g]).Take(k).Count(top.Contains) / (double)k;
    }
}
