using System.Globalization;
using PerturbKG.Store.Graph;

namespace PerturbKG.Store.Neo4j;

/// <summary>What a Neo4j store holds, counted, in the shape every store reports.</summary>
internal static class Neo4jSummary
{
    public static async Task<StoreSummary> ReadAsync(CypherSession session, CancellationToken ct)
    {
        var nodes = (await session.RunAsync("summary-nodes", null, ct))
            .ToDictionary(r => RecordValues.Text(r[0]), r => RecordValues.Long(r[1]), StringComparer.Ordinal);
        var relationNames = (await session.RunAsync("relations", null, ct)).ToDictionary(r => RecordValues.Int(r[0]), r => RecordValues.Text(r[1]));
        var edges = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in await session.RunAsync("summary-edges", null, ct))
        {
            var name = relationNames.GetValueOrDefault(RecordValues.Int(record[0]), $"relation {RecordValues.Int(record[0])}");
            edges[name] = edges.GetValueOrDefault(name) + RecordValues.Long(record[1]);
        }

        var counts = (await session.RunAsync("summary-counts", null, ct))[0];
        var featureSets = (await session.RunAsync("feature-sets", null, ct))
            .Select(r => new FeatureSetInfo(RecordValues.Text(r[0]), RecordValues.Text(r[1]), RecordValues.Int(r[2]), RecordValues.Long(r[3])))
            .ToList();
        var datasets = (await session.RunAsync("datasets", null, ct))
            .Select(r => new DatasetInfo(
                RecordValues.Long(r[0]),
                RecordValues.Text(r[1]),
                DateTimeOffset.Parse(RecordValues.Text(r[2]), CultureInfo.InvariantCulture),
                ((IReadOnlyList<object?>)r[3]!).Cast<IReadOnlyList<object?>>()
                    .Select(f => new DatasetFile(RecordValues.Text(f[0]), RecordValues.Text(f[1]), RecordValues.Text(f[2]), RecordValues.Long(f[3])))
                    .ToList()))
            .ToList();
        return new StoreSummary(nodes, edges, RecordValues.Long(counts[0]), RecordValues.Long(counts[1]), RecordValues.Int(counts[2]), featureSets, datasets);
    }
}
