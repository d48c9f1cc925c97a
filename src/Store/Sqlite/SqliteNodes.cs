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

        var close = Candidates(connection, "SELECT key AS candidate FROM nodes WHERE type = $t UNION ALL SELECT name FROM nodes WHERE type = $t", text, type);
        throw new NotFoundException(Describe(type), text, close);
    }

    /// <summary>Nodes whose key or name holds the text (LIKE ignores ASCII case; % and _ in the text match themselves).</summary>
    public static IReadOnlyList<StoredNode> Suggest(SqliteConnection connection, string type, string text, int limit)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return connection.Query(
            "SELECT id, type, key, name FROM nodes WHERE type = $t AND (key LIKE $any ESCAPE '\\' OR name LIKE $any ESCAPE '\\') " +
            "ORDER BY CASE WHEN key = $x COLLATE NOCASE OR name = $x COLLATE NOCASE THEN 0 " +
            "WHEN key LIKE $start ESCAPE '\\' OR name LIKE $start ESCAPE '\\' THEN 1 ELSE 2 END, length(name), name, id LIMIT $limit",
            Read, ("$t", type), ("$x", text), ("$any", $"%{escaped}%"), ("$start", $"{escaped}%"), ("$limit", limit));
    }

    public static StoredNode? Get(SqliteConnection connection, long id) =>
        connection.First("SELECT id, type, key, name FROM nodes WHERE id = $id", Read, ("$id", id));

    /// <summary>A node from a row with the columns id, type, key and name.</summary>
    public static StoredNode Read(SqliteRow row) => new(row.Long("id"), row.Text("type"), row.Text("key"), row.Text("name"));

    /// <summary>
    /// Close matches of a text among the strings a query returns; the query may use $p (a LIKE pattern of the text's
    /// start) and $t (a node type).
    /// </summary>
    public static IReadOnlyList<string> Candidates(SqliteConnection connection, string sql, string text, string? type = null)
    {
        var parameters = new List<(string, object?)>();
        if (type is not null)
        {
            parameters.Add(("$t", type));
        }

        if (sql.Contains("$p", StringComparison.Ordinal))
        {
            parameters.Add(("$p", text[..Math.Min(3, text.Length)] + "%"));
        }

        return CloseMatches.Among(text, connection.Query(sql, r => r.Text("candidate"), [.. parameters]));
    }

    private static StoredNode? First(SqliteConnection connection, string sql, string type, string text) =>
        connection.First(sql, Read, ("$t", type), ("$x", text));

    private static string Describe(string type) => type switch
    {
        NodeTypes.CellLine => "cell line",
        _ => type.ToLowerInvariant(),
    };
}
