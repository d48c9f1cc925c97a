using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;

namespace PerturbKG.Store.Sqlite;

/// <summary>
/// k-hop extraction: the edge table is read once into arrays (PrimeKG's 4M edges take ~50 MB) and
/// <see cref="Neighbourhood"/> finds the neighbourhood in memory.
/// </summary>
internal static class SqliteSubgraphs
{
    public static Subgraph Extract(SqliteConnection connection, SubgraphRequest request, CancellationToken ct)
    {
        var nodes = ReadNodes(connection);
        var index = new Dictionary<long, int>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Id] = i;
        }

        var (relation, source, target) = ReadEdges(connection, index, ct);
        var (chosen, edges) = Neighbourhood.Select(nodes, relation, source, target, request, ct);
        var usedRelations = edges.Select(e => e.Relation).ToHashSet();
        var ids = chosen.Select(n => n.Id).ToHashSet();
        return new Subgraph(
            chosen,
            ReadRelations(connection).Where(r => usedRelations.Contains(r.Id)).ToList(),
            edges,
            ReadFeatures(connection, ids),
            ReadSmiles(connection, ids));
    }

    private static List<StoredNode> ReadNodes(SqliteConnection connection) =>
        connection.Query("SELECT id, type, key, name FROM nodes ORDER BY id", SqliteNodes.Read);

    private static (int[] Relation, int[] Source, int[] Target) ReadEdges(SqliteConnection connection, Dictionary<long, int> index, CancellationToken ct)
    {
        // The same edge loaded by two datasets is one edge to a model.
        var several = connection.Scalar<long>("SELECT COUNT(DISTINCT dataset) FROM edges") > 1;
        var (relation, source, target) = (new List<int>(), new List<int>(), new List<int>());
        connection.Each(
            several ? "SELECT DISTINCT relation, source, target FROM edges" : "SELECT relation, source, target FROM edges",
            r =>
            {
                relation.Add(r.Int("relation"));
                source.Add(index[r.Long("source")]);
                target.Add(index[r.Long("target")]);
            }, ct);
        return (relation.ToArray(), source.ToArray(), target.ToArray());
    }

    private static List<StoredRelation> ReadRelations(SqliteConnection connection) =>
        connection.Query("SELECT id, name, display, source_type, target_type, directed FROM relations ORDER BY id",
            r => new StoredRelation(r.Int("id"), new RelationType(
                r.Text("name"), r.Text("display"), r.Text("source_type"), r.Text("target_type"), r.Bool("directed"))));

    private static List<NodeFeatureSet> ReadFeatures(SqliteConnection connection, HashSet<long> nodes)
    {
        var sets = connection.Query("SELECT id, name, node_type, dimension FROM feature_sets ORDER BY name, node_type, id",
            r => (Id: r.Long("id"), Name: r.Text("name"), Type: r.Text("node_type"), Dimension: r.Int("dimension")));

        // Sets of the same name, type and dimension from several datasets are merged.
        var result = new List<NodeFeatureSet>();
        foreach (var group in sets.GroupBy(s => (s.Name, s.Type, s.Dimension)))
        {
            var vectors = new Dictionary<long, float[]>();
            foreach (var set in group)
            {
                connection.Each("SELECT node, vector FROM node_features WHERE feature_set = $set", r =>
                {
                    var node = r.Long("node");
                    if (nodes.Contains(node))
                    {
                        vectors[node] = r.Vector("vector");
                    }
                }, CancellationToken.None, ("$set", set.Id));
            }

            result.Add(new NodeFeatureSet(group.Key.Name, group.Key.Type, group.Key.Dimension, vectors));
        }

        return result;
    }

    private static Dictionary<long, string> ReadSmiles(SqliteConnection connection, HashSet<long> nodes)
    {
        var smiles = new Dictionary<long, string>();
        connection.Each("SELECT node, value FROM node_attributes WHERE name = 'smiles' ORDER BY dataset", r =>
        {
            var node = r.Long("node");
            if (nodes.Contains(node))
            {
                smiles.TryAdd(node, r.Text("value"));
            }
        }, CancellationToken.None);
        return smiles;
    }
}
