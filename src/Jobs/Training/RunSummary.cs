using PerturbKG.Model.Evaluation;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// The run's results across seeds: every metric per model, and paired differences: GAT − every other model, each
/// other graph model − its shuffled-edge twin (kg-ridge − kg-ridge+shuffle-edges), and the best model by retrieval rank −
/// each drug-blind model (mean, mean-cell, mlp-nodrug).
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
    /// <summary>
    /// Summarises runs. A test pair that several seeds tested (always, with an external test set) is one sample: its
    /// value is the mean over those seeds, and the bootstrap resamples pairs, so repeating seeds never narrows an
    /// interval by counting a pair twice. Differences pair each test pair with itself within a seed, then likewise.
    /// </summary>
    public static RunSummary From(string name, string split, int seeds, IReadOnlyList<ModelRun> runs, double seconds)
    {
        var models = runs.Select(r => r.Model).Distinct().ToList();
        var metrics = models.ToDictionary(m => m, m => (IReadOnlyDictionary<string, Estimate>)SampleMetrics.Names.ToDictionary(
            n => n, n => Bootstrap.Mean(PerPair(runs.Where(r => r.Model == m).SelectMany(r => r.TestPairs.Select((p, i) => (p, r.Metrics[i][n])))))));

        var differences = new Dictionary<string, IReadOnlyDictionary<string, Estimate>>();
        void Compare(string first, string other) => differences[$"{first} - {other}"] = SampleMetrics.Names.ToDictionary(n => n, n =>
        {
            var (pairs, a, b) = Paired(runs, first, other, n);
            return Bootstrap.Mean(PerPair(pairs.Select((p, i) => (p, a[i] - b[i]))));
        });
        if (models.Contains("gat"))
        {
            foreach (var other in models.Where(m => m != "gat"))
            {
                Compare("gat", other);
            }
        }

        // Every other model that has an ablated twin (kg-ridge+shuffle-edges, ...) against it.
        foreach (var twin in models.Where(m => m.Contains('+') && !m.StartsWith("gat+", StringComparison.Ordinal)))
        {
            if (models.Contains(twin[..twin.IndexOf('+')]))
            {
                Compare(twin[..twin.IndexOf('+')], twin);
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
            .OrderBy(m => Mean(metrics[m], "retrieval_rank", double.MaxValue))
            .ThenByDescending(m => Mean(metrics[m], "pearson_delta_centroid", double.MinValue))
            .ToList();

    // A metric's mean, or a value that sorts last when it is undefined or missing (a run folder from before the metric).
    private static double Mean(IReadOnlyDictionary<string, Estimate> metrics, string name, double missing) =>
        metrics.GetValueOrDefault(name)?.Mean is { } mean && !double.IsNaN(mean) ? mean : missing;

    // One value per distinct test pair: the mean over the seeds that tested it (undefined values left out).
    private static List<double> PerPair(IEnumerable<(string Pair, double Value)> values) =>
        values.Where(v => !double.IsNaN(v.Value)).GroupBy(v => v.Pair, StringComparer.Ordinal).Select(g => g.Average(v => v.Value)).ToList();

    private static (List<string>, List<double>, List<double>) Paired(IReadOnlyList<ModelRun> runs, string a, string b, string metric)
    {
        var pairs = new List<string>();
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
                    pairs.Add(run.TestPairs[i]);
                    left.Add(run.Metrics[i][metric]);
                    right.Add(value);
                }
            }
        }

        return (pairs, left, right);
    }
}
