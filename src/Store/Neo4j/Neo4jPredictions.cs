using System.Globalization;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Neo4j;

/// <summary>Write-back of a run's PREDICTED_EFFECT edges and explanation paths, and the run versions (current, prune).</summary>
internal static class Neo4jPredictions
{
    /// <summary>Replaces what the run wrote before; the caller runs this inside one write transaction.</summary>
    public static async Task<int> WriteAsync(CypherSession session, PredictionWrite write, int batchSize, CancellationToken ct)
    {
        var uids = write.Effects.SelectMany(e => new[] { e.Drug, e.Cell, e.Gene }
            .Concat(e.Paths.SelectMany(p => p.Hops.SelectMany(h => new[] { h.From, h.To }))));
        var nodes = await Neo4jNodes.ByIdAsync(session, uids, ct);
        string Key(long uid) => nodes.TryGetValue(uid, out var n) ? n.Key : throw new ArgumentException($"Node {uid} is not in the store.");

        await DeleteAsync(session, write.Run, ct);
        var run = new Dictionary<string, object?> { ["run"] = write.Run, ["model"] = write.Model };
        await session.RunAsync("upsert-run", new Dictionary<string, object?>(run)
        {
            ["directory"] = write.Directory, ["faithfulness"] = write.Faithfulness,
        }, ct);
        await session.RunBatchesAsync("write-effects", write.Effects, batchSize, e => new Dictionary<string, object?>
        {
            ["drug"] = e.Drug, ["gene"] = e.Gene, ["cell"] = Key(e.Cell), ["delta"] = (double)e.Delta, ["zscore"] = (double)e.ZScore, ["rank"] = e.Rank,
        }, run, ct);

        var paths = write.Effects.SelectMany(e => e.Paths.Select(p => (Effect: e, Path: p))).ToList();
        await session.RunBatchesAsync("write-explanations", paths, Math.Max(1, batchSize / 10), x =>
        {
            var walk = x.Path.Hops.Select(h => h.From).Append(x.Path.Hops[^1].To).ToList();
            return new Dictionary<string, object?>
            {
                ["drugId"] = x.Effect.Drug, ["geneId"] = x.Effect.Gene,
                ["drug"] = Key(x.Effect.Drug), ["cell"] = Key(x.Effect.Cell), ["gene"] = Key(x.Effect.Gene),
                ["rank"] = x.Path.Rank, ["score"] = x.Path.Score,
                ["nodes"] = walk.Select(Key).ToList(),
                ["names"] = walk.Select(uid => nodes[uid]).Select(n => $"{n.Name} ({n.Type} {n.Key})").ToList(),
                ["relations"] = x.Path.Hops.Select(h => h.Relation).ToList(),
                ["weights"] = x.Path.Hops.Select(h => Math.Round(h.Attention, 6)).ToList(),
            };
        }, run, ct);
        return write.Effects.Count;
    }

    public static async Task<IReadOnlyList<PredictionRun>> ListAsync(CypherSession session, CancellationToken ct) =>
        (await session.RunAsync("list-runs", null, ct))
            .Select(r => new PredictionRun(
                r.Text("id"), r.Text("model"), r.Text("directory"), r.Time("writtenAt"),
                r.Bool("current"), r.Long("effects"), r.Long("paths"), r.NullableText("faithfulness")))
            .ToList();

    public static async Task<int> PromoteAsync(CypherSession session, string run, CancellationToken ct)
    {
        await ResolveRunAsync(session, run, ct);
        await session.RunAsync("promote-run", new Dictionary<string, object?> { ["run"] = run }, ct);
        return 1;
    }

    public static async Task<IReadOnlyList<string>> PruneAsync(CypherSession session, CancellationToken ct)
    {
        var pruned = (await RunsAsync(session, ct)).Where(r => !r.Current).Select(r => r.Id).ToList();
        foreach (var run in pruned)
        {
            await DeleteAsync(session, run, ct);
            await session.RunAsync("delete-run-record", new Dictionary<string, object?> { ["run"] = run }, ct);
        }

        return pruned;
    }

    /// <summary>The run to query: the one named (which must exist) or the current one.</summary>
    public static async Task<string> ResolveRunAsync(CypherSession session, string? run, CancellationToken ct)
    {
        var runs = await RunsAsync(session, ct);
        if (run is not null)
        {
            return runs.Any(r => r.Id == run) ? run : throw new NotFoundException("run", run, CloseMatches.Among(run, runs.Select(r => r.Id)));
        }

        return runs.FirstOrDefault(r => r.Current).Id ?? throw new NotFoundException("current run", "(none)", runs.Select(r => r.Id).ToList());
    }

    private static async Task<List<(string Id, bool Current)>> RunsAsync(CypherSession session, CancellationToken ct) =>
        (await session.RunAsync("run-ids", null, ct)).Select(r => (r.Text("id"), r.Bool("current"))).ToList();

    // The delete statements remove at most 50,000 rows each, so a large run is removed in several statements.
    private static async Task DeleteAsync(CypherSession session, string run, CancellationToken ct)
    {
        foreach (var file in new[] { "delete-run", "delete-run-explanations" })
        {
            long deleted;
            do
            {
                deleted = (await session.RunAsync(file, new Dictionary<string, object?> { ["run"] = run }, ct))[0].Long("deleted");
            }
            while (deleted > 0);
        }
    }
}
