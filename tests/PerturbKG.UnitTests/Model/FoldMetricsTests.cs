using PerturbKG.Model;
using PerturbKG.Model.Evaluation;

namespace PerturbKG.UnitTests.Model;

/// <summary>The drug-discriminating metrics on a heavy-tailed synthetic fold (Student-t-like values up to ±100).</summary>
public sealed class FoldMetricsTests
{
    private const int Genes = 978;
    private static readonly (List<float[]> Observed, List<int> Cells, float[] TrainingMean) Fold = HeavyTailedFold(pairs: 120, cells: 3);

    [Fact]
    public void Compute_ScoresZeroAndChance_ForTheGlobalMean()
    {
        var (observed, cells, mean) = Fold;

        var metrics = FoldMetrics.Compute(observed.Select(_ => mean).ToList(), observed, cells, mean);

        AssertDrugBlind(metrics, observed.Count, cells);
    }

    [Fact]
    public void Compute_ScoresZeroAndChance_ForThePerCellMean()
    {
        var (observed, cells, mean) = Fold;
        var perCell = cells.Distinct().ToDictionary(c => c, c => MeanOf(observed.Where((_, i) => cells[i] == c).ToList()));

        var metrics = FoldMetrics.Compute(cells.Select(c => perCell[c]).ToList(), observed, cells, mean);

        AssertDrugBlind(metrics, observed.Count, cells);
    }

    [Fact]
    public void Compute_ScoresZeroAndChance_ForAnyConstantVector()
    {
        var (observed, cells, mean) = Fold;
        var random = new DeterministicRandom(11);
        var constant = Enumerable.Range(0, Genes).Select(_ => (float)(random.NextGaussian() * 37)).ToArray();

        var metrics = FoldMetrics.Compute(observed.Select(_ => constant).ToList(), observed, cells, mean);

        AssertDrugBlind(metrics, observed.Count, cells);
    }

    [Fact]
    public void Compute_ScoresOneAndFirst_ForAPerfectPredictor()
    {
        var (observed, cells, mean) = Fold;

        var metrics = FoldMetrics.Compute(observed, observed, cells, mean);

        Assert.All(metrics, m => Assert.Equal(1, m.PearsonDeltaCentroid, 9));
        Assert.All(metrics, m => Assert.Equal(0, m.RetrievalRank));
        Assert.All(metrics, m => Assert.Equal(1, m.RetrievalTop1));
    }

    [Fact]
    public void Compute_RanksLast_WhenThePredictionPointsAwayFromItsProfile()
    {
        var (observed, cells, mean) = Fold;
        var opposite = observed.Select(o => o.Select(v => -v).ToArray()).ToList();

        var metrics = FoldMetrics.Compute(opposite, observed, cells, mean);

        Assert.All(metrics, m => Assert.Equal(-1, m.PearsonDeltaCentroid, 9));
        Assert.All(metrics, m => Assert.Equal(1, m.RetrievalRank));
    }

    [Fact]
    public void Compute_LeavesTheFoldMetricsUndefined_ForACellLineWithOnePair()
    {
        float[][] observed = [[1, 2, 3], [3, 1, 2], [2, 2, 9]];

        var metrics = FoldMetrics.Compute(observed, observed, [0, 0, 1], [0, 0, 0]);

        Assert.True(double.IsNaN(metrics[2].RetrievalRank));
        Assert.True(double.IsNaN(metrics[2].PearsonDeltaCentroid));
        Assert.Equal(1, metrics[2].Pearson, 9);
        Assert.Equal(0, metrics[0].RetrievalRank);
    }

    [Fact]
    public void Bootstrap_LeavesOutUndefinedValues()
    {
        var estimate = Bootstrap.Mean([0.25, double.NaN, 0.75]);

        Assert.Equal(0.5, estimate.Mean, 12);
        Assert.Equal(2, estimate.N);
    }

    private static void AssertDrugBlind(IReadOnlyList<SampleMetrics> metrics, int pairs, List<int> cells)
    {
        Assert.Equal(pairs, metrics.Count);
        Assert.All(metrics, m => Assert.Equal(0, m.PearsonDeltaCentroid));
        Assert.InRange(metrics.Average(m => m.RetrievalRank), 0.48, 0.52);
        var perCell = cells.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(cells.Average(c => 1.0 / perCell[c]), metrics.Average(m => m.RetrievalTop1), 9);
    }

    private static (List<float[]>, List<int>, float[]) HeavyTailedFold(int pairs, int cells)
    {
        var random = new DeterministicRandom(5);
        double HeavyTail()
        {
            // A Student-t with 2 degrees of freedom, clipped at ±100 as consensus z-scores are.
            var z = random.NextGaussian();
            var chi = (random.NextGaussian() * random.NextGaussian()) + (random.NextGaussian() * random.NextGaussian());
            return Math.Clamp(z / Math.Sqrt(Math.Abs(chi) / 2 + 1e-3), -100, 100);
        }

        var shift = Enumerable.Range(0, cells).Select(_ => Enumerable.Range(0, Genes).Select(_ => HeavyTail()).ToArray()).ToArray();
        var cellOf = Enumerable.Range(0, pairs).Select(i => i % cells).ToList();
        var observed = cellOf.Select(c => Enumerable.Range(0, Genes).Select(g => (float)(shift[c][g] + HeavyTail())).ToArray()).ToList();
        return (observed, cellOf, MeanOf(observed));
    }

    private static float[] MeanOf(IReadOnlyList<float[]> vectors) =>
        Enumerable.Range(0, Genes).Select(g => (float)vectors.Average(v => (double)v[g])).ToArray();
}
