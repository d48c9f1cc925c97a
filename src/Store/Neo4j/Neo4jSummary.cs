using PerturbKG.Store.Graph;

namespace PerturbKG.Store.Neo4j;

/// <summary>What a Neo4j store holds, counted, in the shape every store reports.</summary>
internal static class Neo4jSummary
{
    public static async Task<StoreSummary> ReadAsync(CypherSession session, CancellationToken ct)
    {
        var nodes = (await session.RunAsync("summary-nodes", null, ct))
            .ToDictionary(r => r.Text("type"), r => r.Long("nodes"), StringComparer.Ordinal);
        var relationNames = (await session.RunAsync("relations", null, ct)).ToDictionary(r => r.Int("id"), r => r.Text("name"));
        var edges = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in await session.RunAsync("summary-edges", null, ct))
        {
            var relation = record.Int("relation");
            var name = relationNames.GetValueOrDefault(relation, $"relation {relation}");
            edges[name] = edges.GetValueOrDefault(name) + record.Long("edges");
        }

        var counts = (await session.RunAsync("summary-counts", null, ct))[0];
        var featureSets = (await session.RunAsync("feature-sets", null, ct))
            .Select(r => new FeatureSetInfo(r.Text("name"), r.Text("nodeType"), r.Int("dimension"), r.Long("vectors")))
            .ToList();
        var datasets = (await session.RunAsync("datasets", null, ct))
            .Select(r => new DatasetInfo(
                r.Long("id"),
                r.Text("name"),
                r.Time("ingestedAt"),
                r.Maps("files")
                    .Select(f => new DatasetFile(RecordValues.Text(f["role"]), RecordValues.Text(f["path"]), RecordValues.Text(f["sha256"]), RecordValues.Long(f["bytes"])))
                    .ToList()))
            .ToList();
        return new StoreSummary(nodes, edges, counts.Long("signatures"), counts.Long("baselines"), counts.Int("landmarks"), featureSets, datasets);
    }
}
