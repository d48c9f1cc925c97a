using System.Text;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;
using PerturbKG.Store.Sqlite;
using static PerturbKG.IntegrationTests.Store.ContractDataset;

namespace PerturbKG.IntegrationTests.Store;

/// <summary>The neo4j-admin import files written from an embedded store: headers, rows, ids that join, the command.</summary>
public sealed class Neo4jImportExportTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_GivesTypedHeaders_AndOneRowPerStoredThing()
    {
        var (data, export) = await ExportAsync();

        Assert.Equal(":ID(Entity),:LABEL,uid:long,type,key,name,source,datasets:long[],landmarkPosition:int", Header("entities.csv"));
        Assert.Equal(":START_ID(Entity),:END_ID(Entity),:TYPE,relation:int,dataset:long", Header("edges.csv"));
        Assert.Equal(":ID(Signature),:LABEL,id:long,dataset:long,sigId,kind,drug:long,cellId:long,cell,dose:double,doseUnit,time:double,timeUnit,values:float[]", Header("signatures.csv"));
        Assert.Equal(":START_ID(Entity),:END_ID(Entity),:TYPE,run,model,cell,delta:double,zscore:double,rank:int", Header("predicted-effects.csv"));

        var entities = Rows("entities.csv");
        Assert.Equal(7, entities.Count);
        var imatinib = entities.Single(r => r["key"] == Imatinib.Key);
        Assert.Equal(("Entity;Drug", data.Ids[Imatinib.Key].ToString(), "Imatinib"), (imatinib[":LABEL"], imatinib["uid:long"], imatinib["name"]));
        Assert.Equal("1;2", imatinib["datasets:long[]"]);
        Assert.Equal("", imatinib["landmarkPosition:int"]);
        Assert.Equal("1", entities.Single(r => r["key"] == Tp53.Key)["landmarkPosition:int"]);

        var edges = Rows("edges.csv");
        Assert.Equal(5, edges.Count);
        Assert.Equal(["DRUG_PROTEIN", "DRUG_PROTEIN", "INDICATION", "PROTEIN_PROTEIN", "PROTEIN_PROTEIN"], edges.Select(e => e[":TYPE"]).Order());

        var signature = Rows("signatures.csv").Single(r => r["sigId"] == "SIG-1");
        Assert.Equal(("0.5;-1.25;2", "MCF7", "10", "level5"), (signature["values:float[]"], signature["cell"], signature["dose:double"], signature["kind"]));
        Assert.Equal("8;9.5;7.25", Rows("baselines.csv").Single()["values:float[]"]);

        var counters = Rows("counters.csv").ToDictionary(r => r["name"], r => long.Parse(r["next:long"]));
        Assert.Equal(data.Ids.Values.Max() + 1, counters["node"]);
        Assert.Equal(3, counters["signature"]);

        var effects = Rows("predicted-effects.csv");
        Assert.Equal(6, effects.Count);
        Assert.All(effects, e => Assert.Equal(("PREDICTED_EFFECT", "MCF7", "gat", "run-a"), (e[":TYPE"], e["cell"], e["model"], e["run"])));
        var path = Rows("explanations.csv").Single();
        Assert.Equal($"{Imatinib.Key};{Abl1.Key};{Tp53.Key}", path["nodes:string[]"]);
        Assert.Equal("drug_protein;protein_protein", path["relations:string[]"]);
        Assert.Equal("true", Rows("runs.csv").Single()["current:boolean"]);
        Assert.Equal(["false", "true", "true"], Rows("relations.csv").Select(r => r["directed:boolean"]).Order());

        Assert.Equal(export.Files.Select(f => f.File).Order(), Directory.GetFiles(_folder.File("out"), "*.csv").Select(Path.GetFileName).Order()!);
        Assert.All(export.Files.Where(f => f.Rows > 0), f => Assert.Contains(Path.Combine(Path.GetFullPath(_folder.File("out")), f.File), export.Command));
        Assert.StartsWith("neo4j-admin database import full neo4j", export.Command);
        Assert.Contains(export.Command, File.ReadAllText(_folder.File("out/import.sh")));
    }

    [Fact]
    public async Task Write_EveryRelationshipEndIsANodeIdOfItsIdSpace()
    {
        var (_, export) = await ExportAsync();
        var ids = new Dictionary<string, HashSet<string>>();
        foreach (var (file, _) in export.Files)
        {
            var header = Header(file).Split(',');
            var id = Array.FindIndex(header, h => h.StartsWith(":ID(", StringComparison.Ordinal));
            if (id >= 0)
            {
                var space = header[id][4..^1];
                ids.TryAdd(space, []);
                ids[space].UnionWith(Rows(file).Select(r => r[header[id]]));
            }
        }

        var checkedEnds = 0;
        foreach (var (file, _) in export.Files.Where(f => Header(f.File).StartsWith(":START_ID(", StringComparison.Ordinal)))
        {
            var header = Header(file).Split(',');
            foreach (var row in Rows(file))
            {
                foreach (var end in header.Where(h => h.StartsWith(":START_ID(", StringComparison.Ordinal) || h.StartsWith(":END_ID(", StringComparison.Ordinal)))
                {
                    var space = end[(end.IndexOf('(') + 1)..^1];
                    Assert.True(ids[space].Contains(row[end]), $"{file}: {end} {row[end]} is not a node of {space}");
                    checkedEnds++;
                }
            }
        }

        Assert.Equal(2 * (5 + 4 + 6 + 1 + 1), checkedEnds);
    }

    [Fact]
    public async Task Write_QuotesTextThatHoldsCommasQuotesOrLineBreaks()
    {
        var path = _folder.File("store.db");
        await using (var store = SqliteGraphStore.Open(path))
        {
            await using var load = await store.BeginDatasetAsync("odd", Ct);
            await load.UpsertNodesAsync([new GraphNode(NodeTypes.Drug, "D1", "a \"quoted\", name\nover two lines", null)], Ct);
            await load.CommitAsync("{\"note\": \"a, b\"}", Ct);
        }

        Neo4jImportExport.Write(path, _folder.File("out"), Ct);

        Assert.Equal("a \"quoted\", name\nover two lines", Rows("entities.csv").Single()["name"]);
        Assert.Equal("{\"note\": \"a, b\"}", Rows("datasets.csv").Single()["report"]);
        Assert.Equal("\"a \"\"quoted\"\", name\nover two lines\"", ImportCsv.Field("a \"quoted\", name\nover two lines"));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(ContractDataset Data, Neo4jExport Export)> ExportAsync()
    {
        var path = _folder.File("store.db");
        var data = new ContractDataset();
        await using (var store = SqliteGraphStore.Open(path))
        {
            await data.LoadGraphAsync(store, full: true, Ct);
            await data.LoadSignaturesAsync(store, Ct);
            var cell = data.Ids[Mcf7.Key];
            var hops = new[] { new PathHop(data.Ids[Imatinib.Key], data.Ids[Abl1.Key], "drug_protein", 0.8f), new PathHop(data.Ids[Abl1.Key], data.Ids[Tp53.Key], "protein_protein", 0.4f) };
            await store.WritePredictionsAsync(new PredictionWrite("run-a", "gat", "/runs/run-a",
            [
                new(data.Ids[Imatinib.Key], cell, data.Ids[Tp53.Key], -0.9f, -2f, 1, [new ExplanationPath(1, 0.7, hops)]),
                new(data.Ids[Imatinib.Key], cell, data.Ids[Abl1.Key], 0.5f, 1f, 2, []),
                new(data.Ids[Imatinib.Key], cell, data.Ids[Cdkn1a.Key], 0.1f, 0.2f, 3, []),
                new(data.Ids[Dasatinib.Key], cell, data.Ids[Abl1.Key], 0.7f, 1.5f, 1, []),
                new(data.Ids[Dasatinib.Key], cell, data.Ids[Tp53.Key], -0.6f, -1f, 2, []),
                new(data.Ids[Dasatinib.Key], cell, data.Ids[Cdkn1a.Key], 0.05f, 0.1f, 3, []),
            ]), Ct);
        }

        return (data, Neo4jImportExport.Write(path, _folder.File("out"), Ct));
    }

    private string Header(string file) => File.ReadLines(_folder.File(Path.Combine("out", file))).First();

    // RFC 4180 as neo4j-admin reads it: quoted fields may hold commas, doubled quotes and line breaks.
    private List<Dictionary<string, string>> Rows(string file)
    {
        var text = File.ReadAllText(_folder.File(Path.Combine("out", file)));
        var records = new List<List<string>> { new() };
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { records[^1].Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { records[^1].Add(field.ToString()); field.Clear(); records.Add([]); }
            else { field.Append(c); }
        }

        var header = records[0];
        return records.Skip(1).Where(r => r.Count > 0)
            .Select(r => { Assert.Equal(header.Count, r.Count); return header.Zip(r).ToDictionary(p => p.First, p => p.Second); })
            .ToList();
    }
}
