using PerturbKG.Ingest.AnnData;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Jobs.Predictions;

/// <summary>What <see cref="H5adExport"/> wrote.</summary>
public sealed record H5adExportResult(string Path, string Run, int Pairs, int Genes, IReadOnlyDictionary<string, int> Folds);

/// <summary>
/// A run's predictions as an AnnData file for Python users: obs = every observed (drug, cell) pair of the run's data
/// (drug key and name, cell, the fold of the run's first seed's split, number of signatures averaged), var = the
/// landmark genes (Entrez id index, symbol), X = the run's GAT prediction, layer <c>observed</c> = the measured delta.
/// </summary>
public static class H5adExport
{
    public static async Task<H5adExportResult> RunAsync(IGraphStore store, string runDirectory, string output, CancellationToken ct)
    {
        var run = await TrainedRun.LoadAsync(store, runDirectory, ct);
        var data = run.Data;
        var split = TrainingRun.Split(data, run.File.Split, run.File.Ratios, run.File.Seed);
        var fold = new string[data.Pairs.Count];
        Array.Fill(fold, "unused");
        foreach (var (name, indices) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            foreach (var i in indices)
            {
                fold[i] = name;
            }
        }

        var pairs = data.Pairs;
        var predictions = run.Predict(pairs.Select(p => (p.Drug, p.Cell)).ToList());
        var genes = data.Landmarks.Count;
        var x = new float[pairs.Count * genes];
        var observed = new float[pairs.Count * genes];
        for (var i = 0; i < pairs.Count; i++)
        {
            predictions[i].CopyTo(x, i * genes);
            pairs[i].Delta.CopyTo(observed, i * genes);
        }

        var obs = new H5adFrame("pair", pairs.Select(p => $"{data.Nodes[p.Drug].Key}|{data.Nodes[p.Cell].Key}").ToArray(),
        [
            new H5adColumn("drug", pairs.Select(p => data.Nodes[p.Drug].Key).ToArray(), Categorical: true),
            new H5adColumn("drug_name", pairs.Select(p => data.Nodes[p.Drug].Name).ToArray(), Categorical: true),
            new H5adColumn("cell", pairs.Select(p => data.Nodes[p.Cell].Key).ToArray(), Categorical: true),
            new H5adColumn("fold", fold, Categorical: true),
            new H5adColumn("signatures", pairs.Select(p => (long)p.Signatures).ToArray()),
        ]);
        var var = new H5adFrame("entrez_id", data.Landmarks.Select(g => g.EntrezId).ToArray(),
            [new H5adColumn("gene_symbol", data.Landmarks.Select(g => g.Symbol).ToArray())]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var partial = output + ".part";
        H5adWriter.Write(partial, obs, var, x, layers: new Dictionary<string, float[]> { ["observed"] = observed });
        File.Move(partial, output, overwrite: true);
        return new H5adExportResult(Path.GetFullPath(output), run.Id, pairs.Count, genes, fold.GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count()));
    }
}
