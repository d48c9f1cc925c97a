using PerturbKG.Store.Graph;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// k-hop extraction: the graph's nodes and edges are streamed once into arrays and <see cref="Neighbourhood"/> picks
/// the neighbourhood, exactly as on the embedded store; features and SMILES are then read for the chosen nodes only.
/// </summary>
internal static class Neo4jSubgraphs
{
    public static async Task<Subgraph> ExtractAsync(CypherSession session, SubgraphRequest request, CancellationToken ct)
    {
        var nodes = new List<StoredNode>();
        await session.StreamAsync("graph-nodes", null, r => nodes.Add(Neo4jNodes.Read(r)), ct);
        var index = new Dictionary<long, int>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Id] = i;
        }

        var (relation, source, target) = (new List<int>(), new List<int>(), new List<int>());
        await session.StreamAsync("graph-edges", null, r =>
        {
            relation.Add(r.Int("relation"));
            source.Add(index[r.Long("source")]);
            target.Add(index[r.Long("target")]);
        }, ct);

        var (chosen, edges) = Neighbourhood.Select(nodes, relation.ToArray(), source.ToArray(), target.ToArray(), request, ct);
        var used = edges.Select(e => e.Relation).ToHashSet();
        var relations = (await session.RunAsync("relations", null, ct))
            .Select(r => new StoredRelation(r.Int("id"), new RelationType(r.Text("name"), r.Text("display"), r.Text("sourceType"), r.Text("targetType"), r.Bool("directed"))))
            .Where(r => used.Contains(r.Id))
            .ToList();
        var ids = chosen.Select(n => n.Id).ToList();
        return new Subgraph(chosen, relations, edges, await FeaturesAsync(session, ids, ct), await SmilesAsync(session, ids, ct));
    }

    // Sets of the same name, type and dimension from several datasets are merged, as on the embedded store.
    private static async Task<List<NodeFeatureSet>> FeaturesAsync(CypherSession session, List<long> nodes, CancellationToken ct)
    {
        var sets = (await session.RunAsync("feature-sets", null, ct))
            .Select(r => (Name: r.Text("name"), Type: r.Text("nodeType"), Dimension: r.Int("dimension")))
            .Distinct()
            .ToList();
        var vectors = sets.ToDictionary(s => s, _ => new Dictionary<long, float[]>());
        await session.StreamAsync("node-features", new Dictionary<string, object?> { ["nodes"] = nodes }, r =>
        {
            var values = r.Floats("values");
            if (vectors.TryGetValue((r.Text("set"), r.Text("nodeType"), values.Length), out var set))
            {
                set[r.Long("node")] = values;
            }
        }, ct);
        return sets.Select(s => new NodeFeatureSet(s.Name, s.Type, s.Dimension, vectors[s])).ToList();
    }

    private static async Task<Dictionary<long, string>> SmilesAsync(CypherSession session, List<long> nodes, CancellationToken ct)
    {
        var smiles = new Dictionary<long, string>();
        await session.StreamAsync("node-smiles", new Dictionary<string, object?> { ["nodes"] = nodes }, r => smiles.TryAdd(r.Long("node"), r.Text("smiles")), ct);
        return smiles;
    }
}
