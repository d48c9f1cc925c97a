using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Sqlite;

/// <summary>Write-back of a run's predicted effects and explanation paths, and the run versions (current, prune).</summary>
internal static class SqlitePredictions
{
    public static void Write(SqliteConnection connection, PredictionWrite write, CancellationToken ct)
    {
        using var transaction = connection.BeginTransaction();
        var hadCurrent = connection.Scalar<long>("SELECT COUNT(*) FROM runs WHERE is_current = 1 AND id <> $r", ("$r", write.Run)) > 0;
        var wasCurrent = connection.Scalar<long>("SELECT is_current FROM runs WHERE id = $r", ("$r", write.Run)) == 1;
        connection.Execute("DELETE FROM predicted_effects WHERE run = $r; DELETE FROM explanation_paths WHERE run = $r; DELETE FROM runs WHERE id = $r;", ("$r", write.Run));
        connection.Execute(
            "INSERT INTO runs (id, model, directory, written_at, is_current, faithfulness) VALUES ($r, $m, $d, $t, $c, $f)",
            ("$r", write.Run), ("$m", write.Model), ("$d", write.Directory), ("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            ("$c", wasCurrent || !hadCurrent ? 1 : 0), ("$f", write.Faithfulness));

        using var effect = new RawStatement(connection, "INSERT INTO predicted_effects (run, drug, cell, gene, delta, zscore, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        using var path = new RawStatement(connection, "INSERT INTO explanation_paths (run, drug, cell, gene, rank, score, nodes, relations, weights) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        foreach (var item in write.Effects)
        {
            ct.ThrowIfCancellationRequested();
            effect.Bind(1, write.Run);
            effect.Bind(2, item.Drug);
            effect.Bind(3, item.Cell);
            effect.Bind(4, item.Gene);
            effect.Bind(5, (double)item.Delta);
            effect.Bind(6, (double)item.ZScore);
            effect.Bind(7, item.Rank);
            effect.Run();
            foreach (var explanation in item.Paths)
            {
                var nodes = explanation.Hops.Select(h => h.From).Append(explanation.Hops[^1].To).ToArray();
                path.Bind(1, write.Run);
                path.Bind(2, item.Drug);
                path.Bind(3, item.Cell);
                path.Bind(4, item.Gene);
                path.Bind(5, explanation.Rank);
                path.Bind(6, explanation.Score);
                path.Bind(7, JsonSerializer.Serialize(nodes));
                path.Bind(8, JsonSerializer.Serialize(explanation.Hops.Select(h => h.Relation)));
                path.Bind(9, JsonSerializer.Serialize(explanation.Hops.Select(h => Math.Round(h.Attention, 6))));
                path.Run();
            }
        }

        transaction.Commit();
    }

    public static List<PredictionRun> List(SqliteConnection connection) =>
        connection.Query(
            "SELECT r.id, r.model, r.directory, r.written_at, r.is_current, r.faithfulness, " +
            "(SELECT COUNT(*) FROM predicted_effects e WHERE e.run = r.id) AS effects, " +
            "(SELECT COUNT(*) FROM explanation_paths p WHERE p.run = r.id) AS paths " +
            "FROM runs r ORDER BY r.written_at DESC, r.id",
            r => new PredictionRun(r.Text("id"), r.Text("model"), r.Text("directory"),
                DateTimeOffset.Parse(r.Text("written_at"), CultureInfo.InvariantCulture), r.Bool("is_current"),
                r.Long("effects"), r.Long("paths"), r.NullableText("faithfulness")));

    public static void Promote(SqliteConnection connection, string run)
    {
        using var transaction = connection.BeginTransaction();
        RequireRun(connection, run);
        connection.Execute("UPDATE runs SET is_current = CASE WHEN id = $r THEN 1 ELSE 0 END", ("$r", run));
        transaction.Commit();
    }

    /// <summary>Deletes the effects and paths of every run but the current one (and the runs' records); returns the runs pruned.</summary>
    public static List<string> Prune(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var pruned = connection.Query("SELECT id FROM runs WHERE is_current = 0 ORDER BY id", r => r.Text("id"));

        connection.Execute(
            "DELETE FROM predicted_effects WHERE run NOT IN (SELECT id FROM runs WHERE is_current = 1); " +
            "DELETE FROM explanation_paths WHERE run NOT IN (SELECT id FROM runs WHERE is_current = 1); " +
            "DELETE FROM runs WHERE is_current = 0;");
        transaction.Commit();
        return pruned;
    }

    /// <summary>The run to query: the one named (which must exist) or the current one.</summary>
    public static string ResolveRun(SqliteConnection connection, string? run)
    {
        if (run is not null)
        {
            RequireRun(connection, run);
            return run;
        }

        return connection.Scalar<string>("SELECT id FROM runs WHERE is_current = 1")
            ?? throw new NotFoundException("current run", "(none)", AllRuns(connection));
    }

    private static void RequireRun(SqliteConnection connection, string run)
    {
        if (connection.Scalar<long>("SELECT COUNT(*) FROM runs WHERE id = $r", ("$r", run)) == 0)
        {
            throw new NotFoundException("run", run, CloseMatches.Among(run, AllRuns(connection)));
        }
    }

    private static List<string> AllRuns(SqliteConnection connection) =>
        connection.Query("SELECT id FROM runs ORDER BY id", r => r.Text("id"));
}
