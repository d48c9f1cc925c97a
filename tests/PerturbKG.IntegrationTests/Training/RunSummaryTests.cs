using PerturbKG.Jobs.Training;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Training;

namespace PerturbKG.IntegrationTests.Training;

public sealed class RunSummaryTests
{
    [Fact]
    public void From_CountsATestPairOnce_WhenSeveralSeedsTestedIt()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => $"d{i}|c").ToList();
        var values = pairs.Select((_, i) => Math.Sin(i)).ToList();
        ModelRun Run(string model, ulong seed, double shift) =>
            new(model, seed, new TrainingResult(model, [], 0, 0, 0, false), pairs,
                values.Select(v => new SampleMetrics(v + shift, 0, 0, 0, 0, 0, 0)).ToList(), [], null);

        var once = RunSummary.From("one", "scaffold", 1, [Run("gat", 1, 0), Run("mean", 1, -0.1)], 0);
        var thrice = RunSummary.From("three", "scaffold", 3, [.. Enumerable.Range(1, 3).SelectMany(s => new[] { Run("gat", (ulong)s, 0), Run("mean", (ulong)s, -0.1) })], 0);

        Assert.Equal(40, thrice.Metrics["gat"]["pearson"].N);
        Assert.Equal(once.Metrics["gat"]["pearson"], thrice.Metrics["gat"]["pearson"]);
        Assert.Equal(40, thrice.PairedDifferences["gat - mean"]["pearson"].N);
        Assert.Equal(0.1, thrice.PairedDifferences["gat - mean"]["pearson"].Mean, 9);
    }
}
