using PerturbKG.Store.Bolt;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Neo4j;

/// <summary>Finds nodes by what users type: a key or a name, in any case (as the embedded store does).</summary>
internal static class Neo4jNodes
{
    /// <summary>A node from a record with the keys uid, type, key and name.</summary>
    public static StoredNode Read(BoltRecord record) =>
        new(record.Long("uid"), record.Text("type"), record.Text("key"), record.Text("name"));

    public static async Task<StoredNode> ResolveAsync(CypherSession session, string type, string text, CancellationToken ct)
    {
        var parameters = new Dictionary<string, object?> { ["type"] = type, ["text"] = text };
        var found = await session.RunAsync("find-node", parameters, ct);
        if (found.Count == 0 && type == NodeTypes.Gene)
        {
            found = await session.RunAsync("find-landmark-gene", parameters, ct);
        }

        if (found.Count > 0)
        {
            return Read(found[0]);
        }

        var names = await session.RunAsync("node-names", parameters, ct);
        var close = CloseMatches.Among(text, names.SelectMany(r => new[] { r.Text("key"), r.Text("name") }));
        throw new NotFoundException(type == NodeTypes.CellLine ? "cell line" : type.ToLowerInvariant(), text, close);
    }

    public static async Task<IReadOnlyList<StoredNode>> SuggestAsync(CypherSession session, string type, string text, int limit, CancellationToken ct) =>
        (await session.RunAsync("suggest-nodes", new Dictionary<string, object?> { ["type"] = type, ["text"] = text, ["limit"] = limit }, ct)).Select(Read).ToList();

    /// <summary>Nodes by uid (missing ones are left out).</summary>
    public static async Task<Dictionary<long, StoredNode>> ByIdAsync(CypherSession session, IEnumerable<long> uids, CancellationToken ct)
    {
        var nodes = new Dictionary<long, StoredNode>();
        foreach (var chunk in uids.Distinct().Chunk(10_000))
        {
            foreach (var record in await session.RunAsync("nodes-by-uid", new Dictionary<string, object?> { ["uids"] = chunk }, ct))
            {
                var node = Read(record);
                nodes[node.Id] = node;
            }
        }

        return nodes;
    }
}
