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

        using var effect = connection.CreateCommand();
        effect.CommandText = "INSERT INTO predicted_effects (run, drug, cell, gene, delta, zscore, rank) VALUES ($r, $d, $c, $g, $x, $z, $k)";
        var e = Parameters(effect, "$r", "$d", "$c", "$g", "$x", "$z", "$k");
        using var path = connection.CreateCommand();
        path.CommandText = "INSERT INTO explanation_paths (run, drug, cell, gene, rank, score, nodes, relations, weights) VALUES ($r, $d, $c, $g, $k, $s, $n, $l, $w)";
        var p = Parameters(path, "$r", "$d", "$c", "$g", "$k", "$s", "$n", "$l", "$w");
        e[0].Value = write.Run;
        p[0].Value = write.Run;
        foreach (var item in write.Effects)
        {
            ct.ThrowIfCancellationRequested();
            (e[1].Value, e[2].Value, e[3].Value, e[4].Value, e[5].Value, e[6].Value) = (item.Drug, item.Cell, item.Gene, (double)item.Delta, (double)item.ZScore, item.Rank);
            effect.ExecuteNonQuery();
            foreach (var explanation in item.Paths)
            {
                var nodes = explanation.Hops.Select(h => h.From).Append(explanation.Hops[^1].To).ToArray();
                (p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (item.Drug, item.Cell, item.Gene, explanation.Rank, explanation.Score);
                p[6].Value = JsonSerializer.Serialize(nodes);
                p[7].Value = JsonSerializer.Serialize(explanation.Hops.Select(h => h.Relation));
                p[8].Value = JsonSerializer.Serialize(explanation.Hops.Select(h => Math.Round(h.Attention, 6)));
                path.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    public static List<PredictionRun> List(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT r.id, r.model, r.directory, r.written_at, r.is_current, r.faithfulness, " +
            "(SELECT COUNT(*) FROM predicted_effects e WHERE e.run = r.id), (SELECT COUNT(*) FROM explanation_paths p WHERE p.run = r.id) " +
            "FROM runs r ORDER BY r.written_at DESC, r.id";
        using var reader = command.ExecuteReader();
        var runs = new List<PredictionRun>();
        while (reader.Read())
        {
            runs.Add(new PredictionRun(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetInt64(4) == 1,
                reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return runs;
    }

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
        var pruned = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id FROM runs WHERE is_current = 0 ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pruned.Add(reader.GetString(0));
            }
        }

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

    private static List<string> AllRuns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM runs ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(n =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = n;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
}
