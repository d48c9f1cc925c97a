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

    private static List<StoredNode> ReadNodes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, type, key, name FROM nodes ORDER BY id";
        using var reader = command.ExecuteReader();
        var nodes = new List<StoredNode>();
        while (reader.Read())
        {
            nodes.Add(new StoredNode(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return nodes;
    }

    private static (int[] Relation, int[] Source, int[] Target) ReadEdges(SqliteConnection connection, Dictionary<long, int> index, CancellationToken ct)
    {
        // The same edge loaded by two datasets is one edge to a model.
        var several = connection.Scalar<long>("SELECT COUNT(DISTINCT dataset) FROM edges") > 1;
        using var command = connection.CreateCommand();
        command.CommandText = several
            ? "SELECT DISTINCT relation, source, target FROM edges"
            : "SELECT relation, source, target FROM edges";
        using var reader = command.ExecuteReader();
        var (relation, source, target) = (new List<int>(), new List<int>(), new List<int>());
        while (reader.Read())
        {
            if ((relation.Count & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            relation.Add(reader.GetInt32(0));
            source.Add(index[reader.GetInt64(1)]);
            target.Add(index[reader.GetInt64(2)]);
        }

        return (relation.ToArray(), source.ToArray(), target.ToArray());
    }

    private static List<StoredRelation> ReadRelations(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, display, source_type, target_type, directed FROM relations ORDER BY id";
        using var reader = command.ExecuteReader();
        var relations = new List<StoredRelation>();
        while (reader.Read())
        {
            relations.Add(new StoredRelation(reader.GetInt32(0), new RelationType(
                reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5) == 1)));
        }

        return relations;
    }

    private static List<NodeFeatureSet> ReadFeatures(SqliteConnection connection, HashSet<long> nodes)
    {
        var sets = new List<(long Id, string Name, string Type, int Dimension)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name, node_type, dimension FROM feature_sets ORDER BY name, node_type, id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sets.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        // Sets of the same name, type and dimension from several datasets are merged.
        var result = new List<NodeFeatureSet>();
        foreach (var group in sets.GroupBy(s => (s.Name, s.Type, s.Dimension)))
        {
            var vectors = new Dictionary<long, float[]>();
            foreach (var set in group)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT node, vector FROM node_features WHERE feature_set = $set";
                command.Parameters.AddWithValue("$set", set.Id);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var node = reader.GetInt64(0);
                    if (nodes.Contains(node))
                    {
                        vectors[node] = VectorBlob.FromBytes((byte[])reader[1]);
                    }
                }
            }

            result.Add(new NodeFeatureSet(group.Key.Name, group.Key.Type, group.Key.Dimension, vectors));
        }

        return result;
    }

    private static Dictionary<long, string> ReadSmiles(SqliteConnection connection, HashSet<long> nodes)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT node, value FROM node_attributes WHERE name = 'smiles' ORDER BY dataset";
        using var reader = command.ExecuteReader();
        var smiles = new Dictionary<long, string>();
        while (reader.Read())
        {
            var node = reader.GetInt64(0);
            if (nodes.Contains(node))
            {
                smiles.TryAdd(node, reader.GetString(1));
            }
        }

        return smiles;
    }
}
