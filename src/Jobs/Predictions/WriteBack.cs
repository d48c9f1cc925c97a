using System.Diagnostics;
using PerturbKG.Model.Gat;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Jobs.Predictions;

/// <summary>How much of a run goes back into the store.</summary>
public sealed record WriteBackOptions
{
    /// <summary>Genes written per (drug, cell) pair: the top ones by |predicted delta|.</summary>
    public int TopGenes { get; init; } = 50;

    /// <summary>Explanation paths stored per written effect.</summary>
    public int PathsPerEffect { get; init; } = 3;

    /// <summary>Every drug with signatures × every cell line with signatures, not only the observed pairs.</summary>
    public bool AllPairs { get; init; }

    /// <summary>Effects sampled for the faithfulness check (0 skips it).</summary>
    public int FaithfulnessEffects { get; init; } = 30;
}

/// <summary>What a write-back stored.</summary>
public sealed record WriteBackResult(string Run, int Pairs, int Effects, int Paths, FaithfulnessReport? Faithfulness, double Seconds);

/// <summary>
/// Writes a trained GAT's predictions back into the store: for each pair, the top genes by |predicted delta| as
/// PREDICTED_EFFECT edges with z-score and rank, each with its top attention paths, replacing the run's earlier
/// write-back in one transaction; then checks that the paths are faithful.
/// </summary>
public static class WriteBack
{
    public static async Task<WriteBackResult> RunAsync(IGraphStore store, TrainedRun run, WriteBackOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var data = run.Data;
        var pairs = options.AllPairs
            ? data.Pairs.Select(p => p.Drug).Distinct().SelectMany(d => data.Pairs.Select(p => p.Cell).Distinct().Select(c => (d, c))).Order().ToList()
            : data.Pairs.Select(p => (p.Drug, p.Cell)).Distinct().Order().ToList();
        var predictions = run.Predict(pairs);
        if (Enumerable.Range(0, pairs.Count).Where(i => !predictions[i].All(float.IsFinite)).ToList() is [var first, ..] bad)
        {
            // SQLite would store NaN as NULL (and refuse it); Neo4j would store it. Neither is a prediction.
            throw new InvalidOperationException(
                $"Run {run.Id}: the GAT predicted non-finite values for {bad.Count:N0} of {pairs.Count:N0} pairs (first: drug {data.Nodes[pairs[first].Item1].Key} " +
                $"in {data.Nodes[pairs[first].Item2].Key}); nothing was written back. The training diverged: train again (a lower learning rate helps).");
        }

        var explainer = new Explainer(run.Model);
        var effects = new List<PredictedEffect>[pairs.Count];
        var byDrug = Enumerable.Range(0, pairs.Count).GroupBy(i => pairs[i].Item1).ToList();
        Parallel.ForEach(byDrug, new ParallelOptions { CancellationToken = ct }, group =>
        {
            var from = explainer.From(group.Key, 2 * options.PathsPerEffect);
            foreach (var i in group)
            {
                effects[i] = Effects(run, explainer, from, pairs[i], predictions[i], options);
            }
        });

        var all = effects.SelectMany(e => e).ToList();
        FaithfulnessReport? faithfulness = null;
        if (options.FaithfulnessEffects > 0)
        {
            faithfulness = Faithfulness.Check(run, explainer, pairs, predictions, options.FaithfulnessEffects, ct);
        }

        await store.WritePredictionsAsync(
            new PredictionWrite(run.Id, run.File.Model, run.Directory, all, faithfulness is null ? null : System.Text.Json.JsonSerializer.Serialize(faithfulness, Training.RunArtifacts.Json)),
            ct);
        return new WriteBackResult(run.Id, pairs.Count, all.Count, all.Sum(e => e.Paths.Count), faithfulness, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A pair's top effects with their explanations, in store ids.</summary>
    public static List<PredictedEffect> Effects(TrainedRun run, Explainer explainer, DrugPaths from, (int Drug, int Cell) pair, float[] prediction, WriteBackOptions options)
    {
        var data = run.Data;
        var mean = run.Means.ForCell(pair.Cell);
        var scale = run.Means.Scale.Data;
        var top = Enumerable.Range(0, prediction.Length)
            .OrderByDescending(g => Math.Abs(prediction[g])).ThenBy(g => g)
            .Take(options.TopGenes)
            .ToList();
        return top.Select((g, i) => new PredictedEffect(
            data.Nodes[pair.Drug].Id,
            data.Nodes[pair.Cell].Id,
            data.Nodes[data.Graph.Landmarks[g]].Id,
            prediction[g],
            (prediction[g] - mean[g]) / scale[g],
            i + 1,
            Paths(run, explainer, from, g, options.PathsPerEffect))).ToList();
    }

    /// <summary>
    /// The top paths from a drug row to landmark g as hops along stored edges. Self-loop hops are dropped, and
    /// attention paths that differ only in where they waited are one KG path whose contribution is their sum.
    /// </summary>
    public static List<ExplanationPath> Paths(TrainedRun run, Explainer explainer, DrugPaths from, int landmark, int count)
    {
        var data = run.Data;
        var edges = explainer.Edges;
        var merged = new Dictionary<string, (double Score, List<PathHop> Hops)>(StringComparer.Ordinal);
        foreach (var path in explainer.TopPaths(from, data.Graph.Landmarks[landmark], landmark, 2 * count))
        {
            var hops = new List<PathHop>();
            for (var l = 0; l < path.Edges.Length; l++)
            {
                var e = path.Edges[l];
                var tag = edges.Tags[e];
                if (tag == GatModel.SelfLoopTag)
                {
                    continue;
                }

                var stored = tag >= 0 ? tag : ~tag;
                var relation = data.Relations[data.Graph.Stored.Relation[stored]].Name;
                hops.Add(new PathHop(data.Nodes[edges.Source[e]].Id, data.Nodes[edges.Target[e]].Id, relation, path.Attention[l]));
            }

            if (hops.Count == 0)
            {
                continue;
            }

            var key = string.Join(';', hops.Select(h => $"{h.From}>{h.To}:{h.Relation}"));
            merged[key] = merged.TryGetValue(key, out var known) ? (known.Score + path.Contribution, known.Hops) : (path.Contribution, hops);
        }

        return merged.Values
            .OrderByDescending(p => Math.Abs(p.Score))
            .Take(count)
            .Select((p, i) => new ExplanationPath(i + 1, p.Score, p.Hops))
            .ToList();
    }
}
