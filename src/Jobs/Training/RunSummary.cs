using PerturbKG.Model.Evaluation;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// The run's results across seeds: every metric per model, and paired differences: GAT − every other model, and the
/// best model by retrieval rank − each drug-blind model (mean, mean-cell, mlp-nodrug).
/// </summary>
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
        void Compare(string first, string other) => differences[$"{first} - {other}"] = SampleMetrics.Names.ToDictionary(n => n, n =>
        {
            var (a, b) = Paired(runs, first, other, n);
            return Bootstrap.PairedDifference(a, b);
        });
        if (models.Contains("gat"))
        {
            foreach (var other in models.Where(m => m != "gat"))
            {
                Compare("gat", other);
            }
        }

        var best = Ranked(models, metrics).FirstOrDefault();
        if (best is not null && best != "gat")
        {
            foreach (var blind in DrugBlind.Where(m => m != best && models.Contains(m)))
            {
                Compare(best, blind);
            }
        }

        var training = models.ToDictionary(m => m, m => runs.Where(r => r.Model == m).Sum(r => r.Training.Seconds));
        return new RunSummary(name, split, seeds, models, metrics, differences, training, seconds);
    }

    /// <summary>The models that see no drug: any difference between drugs is beyond them.</summary>
    public static readonly IReadOnlyList<string> DrugBlind = ["mean", "mean-cell", "mlp-nodrug"];

    /// <summary>Models best first: by retrieval rank (lower first), then Pearson-Δ centroid (higher first).</summary>
    public IReadOnlyList<string> Ranked() => Ranked(Models, Metrics);

    private static List<string> Ranked(IReadOnlyList<string> models, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Estimate>> metrics) =>
        models
            .OrderBy(m => metrics[m]["retrieval_rank"].Mean is var r && double.IsNaN(r) ? double.MaxValue : r)
            .ThenByDescending(m => metrics[m]["pearson_delta_centroid"].Mean is var c && double.IsNaN(c) ? double.MinValue : c)
            .ToList();

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
