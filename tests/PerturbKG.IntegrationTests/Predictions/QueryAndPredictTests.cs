using System.Globalization;
using System.Text.Json;
using PerturbKG.Admin.Cli;
using PerturbKG.IntegrationTests.Cli;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Predictions;

/// <summary>Named queries, predict and explain, through the CLI and the store API, on a trained store.</summary>
public sealed class QueryAndPredictTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportH5ad_WritesPredictionsAndObservedDeltas_InTheAnnDataLayout()
    {
        using var dir = new TempDirectory();
        var output = dir.File("out/predictions.h5ad");

        var (code, text) = await CliHarness.RunAsync(["export-h5ad", "--store", fixture.Location, "--run", fixture.RunDirectory, "--out", output]);

        Assert.True(code == ExitCodes.Ok, text);
        using var file = PerturbKG.Ingest.AnnData.AnnDataFile.Open(output);
        var pairs = (int)fixture.Store.Count("SELECT COUNT(*) FROM (SELECT DISTINCT drug, cell FROM signatures)");
        Assert.Equal("0.1.0", file.EncodingVersion);
        Assert.Equal(pairs, file.Obs.Count);
        Assert.Equal(978, file.Var.Count);
        Assert.Equal(["drug", "drug_name", "cell", "fold", "signatures"], file.Obs.Columns.Select(c => c.Name));
        Assert.Equal(["test", "train", "validation"], file.Obs.Find("fold")!.Values.Distinct().Order());
        Assert.Equal(["observed"], file.Layers);

        // The observed layer holds each pair's stored delta; X the run's prediction (a different, finite vector).
        var landmarks = fixture.Store.Query("SELECT entrez FROM landmark_genes ORDER BY position", r => r.GetString(0));
        Assert.Equal(landmarks, file.Var.Index);
        var observed = new float[978];
        var predicted = new float[978];
        var all = Enumerable.Range(0, 978).ToList();
        file.Matrix("observed").ReadRows(0, 1, all, observed);
        file.Matrix().ReadRows(0, 1, all, predicted);
        Assert.All(predicted, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(observed, predicted);
        Assert.Contains(observed, v => v != 0);
    }

    [Fact]
    public async Task NamedQueries_GiveIdenticalRows_ThroughTheCliAndTheStoreApi()
    {
        var effect = fixture.Store.Query(
            "SELECT d.key, c.key, g.key FROM predicted_effects e JOIN nodes d ON d.id = e.drug JOIN nodes c ON c.id = e.cell JOIN nodes g ON g.id = e.gene WHERE e.rank = 1 LIMIT 1",
            r => (Drug: r.GetString(0), Cell: r.GetString(1), Gene: r.GetString(2)))[0];
        var signature = fixture.Store.Query("SELECT sig_id FROM signatures LIMIT 1", r => r.GetString(0))[0];
        var cases = new (string Name, Dictionary<string, string> Parameters)[]
        {
            ("top-genes", new() { ["drug"] = effect.Drug, ["cell"] = effect.Cell }),
            ("drugs-for-gene", new() { ["gene"] = effect.Gene, ["cell"] = effect.Cell, ["direction"] = "down" }),
            ("drugs-for-gene", new() { ["gene"] = effect.Gene, ["cell"] = effect.Cell, ["direction"] = "up" }),
            ("similar-drugs", new() { ["drug"] = effect.Drug }),
            ("explain", new() { ["drug"] = effect.Drug, ["cell"] = effect.Cell, ["gene"] = effect.Gene }),
            ("predicted-vs-observed", new() { ["signature"] = signature }),
        };
        await using var store = SqliteGraphStore.Open(fixture.Store.Path);

        foreach (var (name, parameters) in cases)
        {
            var api = await store.QueryAsync(name, parameters, Ct);
            var (code, output) = await CliHarness.RunAsync(
                ["query", name, "--store", fixture.Location, "--json", .. parameters.SelectMany(p => new[] { "--param", $"{p.Key}={p.Value}" })]);

            Assert.Equal(ExitCodes.Ok, code);
            using var json = JsonDocument.Parse(output);
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(api.Rows.Count, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                for (var c = 0; c < api.Columns.Count; c++)
                {
                    Assert.Equal(Text(api.Rows[i][c]), Text(rows[i].GetProperty(api.Columns[c])));
                }
            }
        }

        Assert.NotEmpty((await store.QueryAsync("top-genes", cases[0].Parameters, Ct)).Rows);
        Assert.NotEmpty((await store.QueryAsync("explain", cases[4].Parameters, Ct)).Rows);
        Assert.NotEmpty((await store.QueryAsync("similar-drugs", cases[3].Parameters, Ct)).Rows);
    }

    [Fact]
    public async Task PredictedVsObserved_ReadsTheSignaturesOwnValues()
    {
        var (signature, drug, cell) = fixture.Store.Query("SELECT sig_id, drug, cell FROM signatures LIMIT 1", r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)))[0];
        await using var store = SqliteGraphStore.Open(fixture.Store.Path);

        var result = await store.QueryAsync("predicted-vs-observed", new Dictionary<string, string> { ["signature"] = signature }, Ct);

        Assert.Equal(fixture.WriteBack.TopGenes, result.Rows.Count);
        var vector = fixture.Store.Query($"SELECT vector FROM signatures WHERE sig_id = '{signature}'", r => (byte[])r.GetValue(0))[0];
        foreach (var row in result.Rows)
        {
            var position = fixture.Store.Query($"SELECT l.position FROM landmark_genes l JOIN nodes n ON n.id = l.node WHERE n.key = '{row[0]}' AND n.type = 'Gene'", r => r.GetInt32(0))[0];
            Assert.Equal(BitConverter.ToSingle(vector, 4 * position), (double)row[3]!, 5);
        }

        Assert.True(drug > 0 && cell > 0);
    }

    [Fact]
    public async Task Predict_WorksForUnobservedPairs_KgDrugsWithoutSignatures_AndNewSmiles()
    {
        var unobserved = fixture.Store.Query(
            "SELECT d.key, c.key FROM (SELECT DISTINCT drug FROM signatures) s JOIN nodes d ON d.id = s.drug CROSS JOIN (SELECT DISTINCT cell FROM signatures) t JOIN nodes c ON c.id = t.cell " +
            "WHERE NOT EXISTS (SELECT 1 FROM signatures x WHERE x.drug = s.drug AND x.cell = t.cell) LIMIT 1", r => (r.GetString(0), r.GetString(1)))[0];
        var kgOnly = fixture.Store.Query("SELECT key FROM nodes WHERE type = 'Drug' AND id NOT IN (SELECT drug FROM signatures) LIMIT 1", r => r.GetString(0))[0];
        var target = fixture.Store.Query("SELECT entrez FROM landmark_genes LIMIT 1", r => r.GetString(0))[0];

        var pair = await Predict("--drug", unobserved.Item1, "--cell", unobserved.Item2);
        var kg = await Predict("--drug", kgOnly, "--cell", unobserved.Item2);
        var smiles = await Predict("--smiles", "CC(=O)Nc1ccc(O)cc1", "--targets", target, "--cell", unobserved.Item2);

        Assert.Equal(unobserved.Item1, pair.GetProperty("drug").GetProperty("key").GetString());
        Assert.Equal(kgOnly, kg.GetProperty("drug").GetProperty("key").GetString());
        Assert.Contains("new SMILES with 1 target", smiles.GetProperty("drugSource").GetString(), StringComparison.Ordinal);
        foreach (var result in new[] { pair, kg, smiles })
        {
            var genes = result.GetProperty("genes").EnumerateArray().ToList();
            Assert.Equal(5, genes.Count);
            Assert.All(genes, g => Assert.True(double.IsFinite(g.GetProperty("delta").GetDouble())));
            var magnitudes = genes.Select(g => Math.Abs(g.GetProperty("delta").GetDouble())).ToList();
            Assert.Equal(magnitudes.OrderDescending(), magnitudes);
        }
    }

    [Fact]
    public async Task Predict_NamesWhatWasNotFound_WithCloseMatches_AndTheSmilesErrorPosition()
    {
        var drug = fixture.Store.Query("SELECT d.name FROM signatures s JOIN nodes d ON d.id = s.drug LIMIT 1", r => r.GetString(0))[0];
        var cell = fixture.Store.Query("SELECT c.key FROM signatures s JOIN nodes c ON c.id = s.cell LIMIT 1", r => r.GetString(0))[0];
        var typo = drug[..^1] + (drug[^1] == 'x' ? 'y' : 'x');

        var (unknownCode, unknown) = await CliHarness.RunAsync("predict", "--store", fixture.Location, "--run", "r1", "--drug", typo, "--cell", cell);
        var (runCode, run) = await CliHarness.RunAsync("predict", "--store", fixture.Location, "--run", "r9", "--drug", drug, "--cell", cell);
        var (smilesCode, smiles) = await CliHarness.RunAsync("predict", "--store", fixture.Location, "--run", "r1", "--smiles", "CC(=O", "--targets", "1", "--cell", cell);

        Assert.Equal(ExitCodes.Failure, unknownCode);
        Assert.Contains($"No drug '{typo}'", unknown, StringComparison.Ordinal);
        Assert.Contains(drug, unknown, StringComparison.Ordinal); // offered as a close match
        Assert.Equal(ExitCodes.Failure, runCode);
        Assert.Contains("No run 'r9'", run, StringComparison.Ordinal);
        Assert.Contains("r1", run, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadUsage, smilesCode);
        Assert.Contains("position", smiles, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_PrintsPathsWithNodeNames()
    {
        var effect = fixture.Store.Query(
            "SELECT d.key, c.key, g.key, g.name FROM explanation_paths p JOIN nodes d ON d.id = p.drug JOIN nodes c ON c.id = p.cell JOIN nodes g ON g.id = p.gene LIMIT 1",
            r => (Drug: r.GetString(0), Cell: r.GetString(1), Gene: r.GetString(2), Symbol: r.GetString(3)))[0];

        var (code, output) = await CliHarness.RunAsync("explain", "--store", fixture.Location, "--run", "r1", "--drug", effect.Drug, "--cell", effect.Cell, "--gene", effect.Gene);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("1. contribution", output, StringComparison.Ordinal);
        Assert.Contains($"-> {effect.Symbol}", output, StringComparison.Ordinal);
    }

    private async Task<JsonElement> Predict(params string[] args)
    {
        var (code, output) = await CliHarness.RunAsync(["predict", "--store", fixture.Location, "--run", "r1", "--top", "5", "--json", .. args]);
        Assert.True(code == ExitCodes.Ok, output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Number when value.TryGetInt64(out var l) && !value.GetRawText().Contains('.') && !value.GetRawText().Contains('E') => l.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetString()!,
    };
}
