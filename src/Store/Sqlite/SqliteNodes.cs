using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Sqlite;

/// <summary>Finds nodes by what users type: a key (DrugBank id, Entrez id, cell id) or a name, in any case.</summary>
internal static class SqliteNodes
{
    public static StoredNode Resolve(SqliteConnection connection, string type, string text)
    {
        foreach (var sql in new[]
        {
            "SELECT id, type, key, name FROM nodes WHERE type = $t AND key = $x",
            "SELECT id, type, key, name FROM nodes WHERE type = $t AND key = $x COLLATE NOCASE ORDER BY id",
            "SELECT id, type, key, name FROM nodes WHERE type = $t AND name = $x COLLATE NOCASE ORDER BY id",
        })
        {
            if (First(connection, sql, type, text) is { } node)
            {
                return node;
            }
        }

        if (type == NodeTypes.Gene &&
            First(connection, "SELECT n.id, n.type, n.key, n.name FROM landmark_genes l JOIN nodes n ON n.id = l.node WHERE l.symbol = $x COLLATE NOCASE AND $t = $t", type, text) is { } landmark)
        {
            return landmark;
        }

        var close = Candidates(connection, "SELECT key FROM nodes WHERE type = $t UNION ALL SELECT name FROM nodes WHERE type = $t", text, type);
        throw new NotFoundException(Describe(type), text, close);
    }

    public static StoredNode? Get(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, type, key, name FROM nodes WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredNode(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>
    /// Close matches of a text among the strings a query returns; the query may use $p (a LIKE pattern of the text's
    /// start) and $t (a node type).
    /// </summary>
    public static IReadOnlyList<string> Candidates(SqliteConnection connection, string sql, string text, string? type = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (type is not null)
        {
            command.Parameters.AddWithValue("$t", type);
        }

        if (sql.Contains("$p", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$p", text[..Math.Min(3, text.Length)] + "%");
        }

        using var reader = command.ExecuteReader();
        var all = new List<string>();
        while (reader.Read())
        {
            all.Add(reader.GetString(0));
        }

        return CloseMatches.Among(text, all);
    }

    private static StoredNode? First(SqliteConnection connection, string sql, string type, string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$t", type);
        command.Parameters.AddWithValue("$x", text);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredNode(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    private static string Describe(string type) => type switch
    {
        NodeTypes.CellLine => "cell line",
        _ => type.ToLowerInvariant(),
    };
}
