using System.Text.Json;
using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Sqlite;

/// <summary>Runs the named queries (<see cref="NamedQueries"/>) from the embedded SQL in <c>Sqlite/Queries</c>.</summary>
internal static class SqliteQueries
{
    public static QueryResult Run(SqliteConnection connection, string name, IReadOnlyDictionary<string, string> given)
    {
        var query = NamedQueries.Get(name);
        var bound = query.Bind(given);
        var values = new Dictionary<string, object?>
        {
            ["$run"] = SqlitePredictions.ResolveRun(connection, bound.GetValueOrDefault("run")),
            ["$limit"] = bound.TryGetValue("limit", out var limit) ? int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) : null,
            ["$direction"] = bound.GetValueOrDefault("direction"),
            ["$drug"] = bound.TryGetValue("drug", out var drug) ? SqliteNodes.Resolve(connection, NodeTypes.Drug, drug).Id : null,
            ["$cell"] = bound.TryGetValue("cell", out var cell) ? SqliteNodes.Resolve(connection, NodeTypes.CellLine, cell).Id : null,
            ["$gene"] = bound.TryGetValue("gene", out var gene) ? SqliteNodes.Resolve(connection, NodeTypes.Gene, gene).Id : null,
        };
        float[]? observed = null;
        if (bound.TryGetValue("signature", out var signature))
        {
            (values["$drug"], values["$cell"], observed) = Signature(connection, signature);
        }

        var rows = Read(connection, Sql(name), values);
        rows = name switch
        {
            "explain" => rows.Select(r => Explained(connection, r)).ToList(),
            "predicted-vs-observed" => rows.Select(r => (IReadOnlyList<object?>)[r[0], r[1], r[2], (double)observed![Convert.ToInt32(r[3])], r[4]]).ToList(),
            _ => rows,
        };
        return new QueryResult(name, query.Columns, rows);
    }

    private static string Sql(string name)
    {
        using var stream = typeof(SqliteQueries).Assembly.GetManifestResourceStream($"PerturbKG.Store.Sqlite.Queries.{name}.sql")
            ?? throw new InvalidOperationException($"The SQL of query '{name}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<IReadOnlyList<object?>> Read(SqliteConnection connection, string sql, Dictionary<string, object?> values) =>
        connection.Query<IReadOnlyList<object?>>(sql, r => r.Values(),
            [.. values.Where(v => sql.Contains(v.Key, StringComparison.Ordinal)).Select(v => (v.Key, v.Value))]);

    // An explanation row (rank, score, nodes, relations, weights) as (rank, score, "A -[rel 0.42]-> B ...").
    private static IReadOnlyList<object?> Explained(SqliteConnection connection, IReadOnlyList<object?> row)
    {
        var nodes = JsonSerializer.Deserialize<long[]>((string)row[2]!)!;
        var relations = JsonSerializer.Deserialize<string[]>((string)row[3]!)!;
        var weights = JsonSerializer.Deserialize<double[]>((string)row[4]!)!;
        var names = nodes.Select(n => SqliteNodes.Get(connection, n)).Select(n => n is null ? "?" : $"{n.Name} ({n.Type} {n.Key})").ToArray();
        var text = new System.Text.StringBuilder(names[0]);
        for (var i = 0; i < relations.Length; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" -[{relations[i]} {weights[i]:0.###}]-> {names[i + 1]}");
        }

        return [row[0], row[1], text.ToString()];
    }

    private static (long Drug, long Cell, float[] Vector) Signature(SqliteConnection connection, string signature) =>
        connection.First("SELECT drug, cell, vector FROM signatures WHERE sig_id = $s ORDER BY id LIMIT 1",
            r => Tuple.Create(r.Long("drug"), r.Long("cell"), r.Vector("vector")), ("$s", signature)) is { } found
            ? (found.Item1, found.Item2, found.Item3)
            : throw new NotFoundException("signature", signature, SqliteNodes.Candidates(connection, "SELECT sig_id AS candidate FROM signatures WHERE sig_id LIKE $p LIMIT 200", signature));
}
