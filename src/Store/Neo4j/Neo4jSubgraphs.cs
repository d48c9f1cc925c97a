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
            relation.Add(RecordValues.Int(r[0]));
            source.Add(index[RecordValues.Long(r[1])]);
            target.Add(index[RecordValues.Long(r[2])]);
        }, ct);

        var (chosen, edges) = Neighbourhood.Select(nodes, relation.ToArray(), source.ToArray(), target.ToArray(), request, ct);
        var used = edges.Select(e => e.Relation).ToHashSet();
        var relations = (await session.RunAsync("relations", null, ct))
            .Select(r => new StoredRelation(RecordValues.Int(r[0]), new RelationType(RecordValues.Text(r[1]), RecordValues.Text(r[2]), RecordValues.Text(r[3]), RecordValues.Text(r[4]), r[5] is true)))
            .Where(r => used.Contains(r.Id))
            .ToList();
        var ids = chosen.Select(n => n.Id).ToList();
        return new Subgraph(chosen, relations, edges, await FeaturesAsync(session, ids, ct), await SmilesAsync(session, ids, ct));
    }

    // Sets of the same name, type and dimension from several datasets are merged, as on the embedded store.
    private static async Task<List<NodeFeatureSet>> FeaturesAsync(CypherSession session, List<long> nodes, CancellationToken ct)
    {
        var sets = (await session.RunAsync("feature-sets", null, ct))
            .Select(r => (Name: RecordValues.Text(r[0]), Type: RecordValues.Text(r[1]), Dimension: RecordValues.Int(r[2])))
            .Distinct()
            .ToList();
        var vectors = sets.ToDictionary(s => s, _ => new Dictionary<long, float[]>());
        await session.StreamAsync("node-features", new Dictionary<string, object?> { ["nodes"] = nodes }, r =>
        {
            var values = RecordValues.Floats(r[3]);
            if (vectors.TryGetValue((RecordValues.Text(r[0]), RecordValues.Text(r[1]), values.Length), out var set))
            {
                set[RecordValues.Long(r[2])] = values;
            }
        }, ct);
        return sets.Select(s => new NodeFeatureSet(s.Name, s.Type, s.Dimension, vectors[s])).ToList();
    }

    private static async Task<Dictionary<long, string>> SmilesAsync(CypherSession session, List<long> nodes, CancellationToken ct)
    {
        var smiles = new Dictionary<long, string>();
        await session.StreamAsync("node-smiles", new Dictionary<string, object?> { ["nodes"] = nodes }, r => smiles.TryAdd(RecordValues.Long(r[0]), RecordValues.Text(r[1])), ct);
        return smiles;
    }
}
