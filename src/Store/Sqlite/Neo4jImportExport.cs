using System.Text.Json;
using Microsoft.Data.Sqlite;
using PerturbKG.Store.Neo4j;

namespace PerturbKG.Store.Sqlite;

/// <summary>What an export wrote: each file with its row count, and the command that imports them.</summary>
public sealed record Neo4jExport(string Directory, IReadOnlyList<(string File, long Rows)> Files, string Command);

/// <summary>
/// Writes an embedded store as CSV files for <c>neo4j-admin database import full</c>, in the same graph model the
/// Neo4j store uses (<c>cypher/README.md</c>), plus <c>import.sh</c> with the exact command: the fast way to put a
/// PrimeKG-scale graph into Neo4j. Counters are exported too, so the Neo4j store goes on numbering after them.
/// </summary>
public static class Neo4jImportExport
{
    public static Neo4jExport Write(string sqlitePath, string directory, CancellationToken ct)
    {
        if (!File.Exists(sqlitePath))
        {
            throw new FileNotFoundException($"There is no store file {sqlitePath}.", sqlitePath);
        }

        Directory.CreateDirectory(directory);
        using var connection = SqliteConnections.Open(sqlitePath);
        var nodes = new Dictionary<long, (string Type, string Key, string Name)>();
        var files = new List<(ImportCsv Csv, bool Nodes)>();

        ImportCsv Open(string name, bool isNodes, params string[] header)
        {
            var csv = new ImportCsv(Path.Combine(directory, name), header);
            files.Add((csv, isNodes));
            return csv;
        }

        try
        {
            using (var csv = Open("entities.csv", true, ":ID(Entity)", ":LABEL", "uid:long", "type", "key", "name", "source", "datasets:long[]", "landmarkPosition:int"))
            {
                connection.Each(
                    "SELECT n.id, n.type, n.key, n.name, n.source, " +
                    "(SELECT group_concat(d.dataset, ';') FROM node_datasets d WHERE d.node = n.id) AS datasets, " +
                    "(SELECT l.position FROM landmark_genes l WHERE l.node = n.id) AS position FROM nodes n ORDER BY n.id", r =>
                    {
                        var id = r.Long("id");
                        var (type, key, name) = (r.Text("type"), r.Text("key"), r.Text("name"));
                        nodes[id] = (type, key, name);
                        var datasets = r.NullableText("datasets")?.Split(';').Select(long.Parse).ToArray() ?? [];
                        csv.Row(Id(id), "Entity;" + type, id, type, key, name,
                            r.NullableText("source"), datasets.Length > 0 ? datasets : null, r.IsNull("position") ? null : r.Int("position"));
                    }, ct);
            }

            using (var csv = Open("edges.csv", false, ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "relation:int", "dataset:long"))
            {
                var types = connection.Query("SELECT id, name FROM relations", r => (Id: r.Long("id"), Name: r.Text("name")))
                    .ToDictionary(r => r.Id, r => Neo4jDatasetLoad.RelationshipType(r.Name));
                connection.Each("SELECT source, target, relation, dataset FROM edges", r =>
                    csv.Row(Id(r.Long("source")), Id(r.Long("target")), types[r.Long("relation")], r.Int("relation"), r.Long("dataset")), ct);
            }

            Table(connection, Open("relations.csv", true, ":LABEL", "id:int", "name", "display", "sourceType", "targetType", "directed:boolean"),
                "SELECT 'Relation', id, name, display, source_type, target_type, CASE WHEN directed = 1 THEN 'true' ELSE 'false' END FROM relations", ct);
            Table(connection, Open("datasets.csv", true, ":LABEL", "id:long", "name", "createdAt:datetime", "ingestedAt:datetime", "report"),
                "SELECT 'Dataset', id, name, created_at, ingested_at, report FROM datasets", ct);
            Table(connection, Open("dataset-files.csv", true, ":LABEL", "dataset:long", "role", "path", "sha256", "bytes:long"),
                "SELECT 'DatasetFile', dataset, role, path, sha256, bytes FROM dataset_files", ct);
            Table(connection, Open("attributes.csv", true, ":LABEL", "dataset:long", "node:long", "name", "value"),
                "SELECT 'Attribute', dataset, node, name, value FROM node_attributes", ct);
            Table(connection, Open("feature-sets.csv", true, ":LABEL", "dataset:long", "name", "nodeType", "dimension:int"),
                "SELECT 'FeatureSet', dataset, name, node_type, dimension FROM feature_sets", ct);
            Table(connection, Open("feature-vectors.csv", true, ":LABEL", "dataset:long", "set", "nodeType", "node:long", "values:float[]"),
                "SELECT 'FeatureVector', s.dataset, s.name, s.node_type, f.node, f.vector FROM node_features f JOIN feature_sets s ON s.id = f.feature_set", ct);
            Table(connection, Open("landmarks.csv", true, ":LABEL", "position:int", "entrez", "symbol", "node:long"),
                "SELECT 'Landmark', position, entrez, symbol, node FROM landmark_genes", ct);
            Table(connection, Open("signatures.csv", true, ":ID(Signature)", ":LABEL", "id:long", "dataset:long", "sigId", "kind", "drug:long", "cellId:long", "cell", "dose:double", "doseUnit", "time:double", "timeUnit", "values:float[]"),
                "SELECT 's' || s.id, 'Signature', s.id, s.dataset, s.sig_id, s.kind, s.drug, s.cell, c.key, s.dose, s.dose_unit, s.time, s.time_unit, s.vector " +
                "FROM signatures s JOIN nodes c ON c.id = s.cell", ct);
            Table(connection, Open("signature-links.csv", false, ":START_ID(Signature)", ":END_ID(Entity)", ":TYPE"),
                "SELECT 's' || id, CAST(drug AS TEXT), 'OF_DRUG' FROM signatures UNION ALL SELECT 's' || id, CAST(cell AS TEXT), 'IN_CELL' FROM signatures", ct);
            Table(connection, Open("baselines.csv", true, ":LABEL", "dataset:long", "cell:long", "values:float[]"),
                "SELECT 'Baseline', dataset, cell, vector FROM cell_baselines", ct);
            Table(connection, Open("compound-matches.csv", true, ":LABEL", "dataset:long", "compound", "drug:long", "method"),
                "SELECT 'CompoundMatch', dataset, compound, drug, method FROM compound_matches", ct);
            Table(connection, Open("counters.csv", true, ":LABEL", "name", "next:long"),
                "SELECT 'Counter', 'node', COALESCE(MAX(id), 0) + 1 FROM nodes UNION ALL " +
                "SELECT 'Counter', 'relation', COALESCE(MAX(id), 0) + 1 FROM relations UNION ALL " +
                "SELECT 'Counter', 'dataset', COALESCE(MAX(id), 0) + 1 FROM datasets UNION ALL " +
                "SELECT 'Counter', 'signature', COALESCE(MAX(id), 0) + 1 FROM signatures", ct);
            Table(connection, Open("runs.csv", true, ":LABEL", "id", "model", "directory", "writtenAt:datetime", "current:boolean", "faithfulness"),
                "SELECT 'Run', id, model, directory, written_at, CASE WHEN is_current = 1 THEN 'true' ELSE 'false' END, faithfulness FROM runs", ct);
            Table(connection, Open("predicted-effects.csv", false, ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "run", "model", "cell", "delta:double", "zscore:double", "rank:int"),
                "SELECT CAST(e.drug AS TEXT), CAST(e.gene AS TEXT), 'PREDICTED_EFFECT', e.run, r.model, c.key, e.delta, e.zscore, e.rank " +
                "FROM predicted_effects e JOIN runs r ON r.id = e.run JOIN nodes c ON c.id = e.cell", ct);
            WriteExplanations(connection, nodes, Open, ct);
        }
        finally
        {
            foreach (var (csv, _) in files)
            {
                csv.Dispose();
            }
        }

        var command = Command(directory, files);
        var script = Path.Combine(directory, "import.sh");
        File.WriteAllText(script, "#!/bin/sh\n# Imports this folder into an empty, stopped Neo4j 5 database; perturbkg applies cypher/schema.cypher on first connect.\n" + command + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return new Neo4jExport(directory, files.Select(f => (Path.GetFileName(f.Csv.Path), f.Csv.Rows)).ToList(), command);
    }

    private static void WriteExplanations(
        SqliteConnection connection, Dictionary<long, (string Type, string Key, string Name)> nodes,
        Func<string, bool, string[], ImportCsv> open, CancellationToken ct)
    {
        var explanations = open("explanations.csv", true, [":ID(Explanation)", ":LABEL", "run", "drug", "cell", "gene", "rank:int", "score:double", "nodes:string[]", "names:string[]", "relations:string[]", "weights:double[]"]);
        var explainedBy = open("explained-by.csv", false, [":START_ID(Entity)", ":END_ID(Explanation)", ":TYPE"]);
        var explains = open("explains.csv", false, [":START_ID(Explanation)", ":END_ID(Entity)", ":TYPE"]);
        var number = 0L;
        connection.Each("SELECT run, drug, cell, gene, rank, score, nodes, relations, weights FROM explanation_paths ORDER BY run, drug, cell, gene, rank", r =>
        {
            var id = $"x{++number}";
            var walk = JsonSerializer.Deserialize<long[]>(r.Text("nodes"))!.Select(n => nodes[n]).ToList();
            explanations.Row(id, "Explanation", r.Text("run"), nodes[r.Long("drug")].Key, nodes[r.Long("cell")].Key, nodes[r.Long("gene")].Key,
                r.Int("rank"), r.Double("score"), walk.Select(n => n.Key), walk.Select(n => $"{n.Name} ({n.Type} {n.Key})"),
                JsonSerializer.Deserialize<string[]>(r.Text("relations"))!, JsonSerializer.Deserialize<double[]>(r.Text("weights"))!);
            explainedBy.Row(Id(r.Long("drug")), id, "EXPLAINED_BY");
            explains.Row(id, Id(r.Long("gene")), "EXPLAINS");
        }, ct);
    }

    // The command for the files written, relative to nothing: absolute paths, so it runs from anywhere.
    private static string Command(string directory, List<(ImportCsv Csv, bool Nodes)> files)
    {
        var full = Path.GetFullPath(directory);
        var parts = new List<string> { "neo4j-admin database import full neo4j", "--overwrite-destination=true", "--id-type=string", "--multiline-fields=true", $"--array-delimiter=\"{ImportCsv.ArrayDelimiter}\"" };
        parts.AddRange(files.Where(f => f.Csv.Rows > 0).Select(f => $"--{(f.Nodes ? "nodes" : "relationships")}={Path.Combine(full, Path.GetFileName(f.Csv.Path))}"));
        return string.Join(" \\\n  ", parts);
    }

    // A table copied column by column in the header's order (blobs are float vectors).
    private static void Table(SqliteConnection connection, ImportCsv csv, string sql, CancellationToken ct) =>
        connection.Each(sql, r => csv.Row(r.Values().Select(v => v is byte[] blob ? VectorBlob.FromBytes(blob) : v).ToArray()), ct);

    private static string Id(long node) => node.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
