using PerturbKG.Model.Evaluation;

namespace PerturbKG.Jobs.Training;

/// <summary>The run's results across seeds: every metric per model, and paired differences GAT − baseline.</summary>
public sealed record RunSummary(
    string Name,
    string Split,
    int Seeds,
    IReadOnlyList<string> Models,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Estimate>> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Estimate>> PairedDifferences,
    IReadOnlyDictionary<string, double> TrainingSeconds,
    double Seconds)
{
    /// <summary>Summarises runs: samples are pooled over seeds; differences pair each test sample with itself.</summary>
    public static RunSummary From(string name, string split, int seeds, IReadOnlyList<ModelRun> runs, double seconds)
    {
        var models = runs.Select(r => r.Model).Distinct().ToList();
        var metrics = models.ToDictionary(m => m, m => (IReadOnlyDictionary<string, Estimate>)SampleMetrics.Names.ToDictionary(
            n => n, n => Bootstrap.Mean(runs.Where(r => r.Model == m).SelectMany(r => r.Metrics.Select(s => s[n])).ToList())));

        var differences = new Dictionary<string, IReadOnlyDictionary<string, Estimate>>();
        if (models.Contains("gat"))
        {
            foreach (var other in models.Where(m => m != "gat"))
            {
                differences[$"gat - {other}"] = SampleMetrics.Names.ToDictionary(n => n, n =>
                {
                    var (a, b) = Paired(runs, "gat", other, n);
                    return Bootstrap.PairedDifference(a, b);
                });
            }
        }

        var training = models.ToDictionary(m => m, m => runs.Where(r => r.Model == m).Sum(r => r.Training.Seconds));
        return new RunSummary(name, split, seeds, models, metrics, differences, training, seconds);
    }

    private static (List<double>, List<double>) Paired(IReadOnlyList<ModelRun> runs, string a, string b, string metric)
    {
        var left = new List<double>();
        var right = new List<double>();
        foreach (var run in runs.Where(r => r.Model == a))
        {
            var other = runs.FirstOrDefault(r => r.Model == b && r.Seed == run.Seed);
            if (other is null)
            {
                continue;
            }

            var byPair = other.TestPairs.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => other.Metrics[x.i][metric]);
            for (var i = 0; i < run.TestPairs.Count; i++)
            {
                if (byPair.TryGetValue(run.TestPairs[i], out var value))
                {
                    left.Add(run.Metrics[i][metric]);
                    right.Add(value);
                }
            }
        }

        return (left, right);
    }
}
