using PerturbKG.Model;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Gat;

namespace PerturbKG.Jobs.Predictions;

/// <summary>
/// Whether explanation paths are faithful: for sampled effects (each pair's strongest gene), removing the edges of
/// the top path should shrink the model's effect more than removing the edges of random paths from the same drug
/// with the same number of hops. The effect is the prediction minus the cell line's training mean (what the model
/// adds); a drop is |effect before| − |effect after|, and each removal re-runs the whole model.
/// </summary>
public static class Faithfulness
{
    private const int RandomPathsPerEffect = 3;

    public static FaithfulnessReport Check(TrainedRun run, Explainer explainer, IReadOnlyList<(int Drug, int Cell)> pairs, float[][] predictions, int effects, CancellationToken ct)
    {
        var data = run.Data;
        var random = new DeterministicRandom(20261121);
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        random.Shuffle(order);
        var top = new List<double>();
        var baseline = new List<double>();
        foreach (var i in order)
        {
            if (top.Count >= effects)
            {
                break;
            }

            ct.ThrowIfCancellationRequested();
            var (drug, cell) = pairs[i];
            var gene = Enumerable.Range(0, predictions[i].Length).MaxBy(g => Math.Abs(predictions[i][g] - run.Means.ForCell(cell)[g]));
            var best = explainer.TopPaths(drug, data.Graph.Landmarks[gene], gene, 1).FirstOrDefault();
            var removed = best?.Edges.Select(e => explainer.Edges.Tags[e]).Where(t => t != GatModel.SelfLoopTag).Select(t => t >= 0 ? t : ~t).Distinct().ToList();
            if (removed is null || removed.Count == 0)
            {
                continue;
            }

            var before = predictions[i][gene] - run.Means.ForCell(cell)[gene];
            var randomDrops = new List<double>();
            for (var r = 0; r < RandomPathsPerEffect; r++)
            {
                if (RandomWalk(data.Graph, drug, removed.Count, random) is { } walk)
                {
                    randomDrops.Add(Math.Abs(before) - Math.Abs(Effect(run, Without(run, walk), drug, cell, gene)));
                }
            }

            if (randomDrops.Count == 0)
            {
                continue;
            }

            top.Add(Math.Abs(before) - Math.Abs(Effect(run, Without(run, removed), drug, cell, gene)));
            baseline.Add(randomDrops.Average());
        }

        if (top.Count == 0)
        {
            return new FaithfulnessReport(0, double.NaN, double.NaN, double.NaN, null, RandomPathsPerEffect);
        }

        return new FaithfulnessReport(
            top.Count, top.Average(), baseline.Average(), top.Zip(baseline).Count(p => p.First > p.Second) / (double)top.Count,
            Bootstrap.PairedDifference(top, baseline), RandomPathsPerEffect);
    }

    private static double Effect(TrainedRun run, GatModel model, int drug, int cell, int gene)
    {
        var samples = new List<PairSample> { new(string.Empty, drug, cell, [], 0) };
        var prediction = model.Predictor()(run.Means.Batch(samples));
        return prediction.Row(0)[gene] - run.Means.ForCell(cell)[gene];
    }

    private static GatModel Without(TrainedRun run, IReadOnlyCollection<int> storedEdges)
    {
        var stored = run.Data.Graph.Stored;
        var drop = storedEdges.ToHashSet();
        var keep = Enumerable.Range(0, stored.Count).Where(e => !drop.Contains(e)).ToArray();
        var edges = new StoredEdges(keep.Select(e => stored.Source[e]).ToArray(), keep.Select(e => stored.Target[e]).ToArray(), keep.Select(e => stored.Relation[e]).ToArray());
        return run.Model.Rewired(run.Data.Graph.WithEdges(edges));
    }

    // A random walk of `hops` distinct stored edges from the drug (either direction), or null if it gets stuck.
    private static List<int>? RandomWalk(GraphData graph, int drug, int hops, DeterministicRandom random)
    {
        var edges = graph.Edges;
        var walk = new List<int>();
        var node = drug;
        for (var h = 0; h < hops; h++)
        {
            var start = edges.BySource.Start[node];
            var count = edges.BySource.Start[node + 1] - start;
            if (count == 0)
            {
                return null;
            }

            var e = edges.BySource.Items[start + random.Next(count)];
            var tag = edges.Tags[e];
            var stored = tag >= 0 ? tag : ~tag;
            if (walk.Contains(stored))
            {
                return null;
            }

            walk.Add(stored);
            node = edges.Target[e];
        }

        return walk;
    }
}

/// <summary>
/// The faithfulness check's statistics: mean drop in |effect| from removing the top path and from removing random
/// paths of the same length, the share of effects where the top path mattered more, and the paired difference.
/// </summary>
public sealed record FaithfulnessReport(int Effects, double TopPathDrop, double RandomPathDrop, double ShareTopLarger, Estimate? Difference, int RandomPathsPerEffect);
