using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.Benchmarks.Predictions;

/// <summary>
/// Latency of predictions and of the top-genes query on the embedded store at `medium` scale: generates and ingests
/// the data and trains a GAT briefly (weights do not change the cost) with write-back on first use, then times
/// single-pair predictions with the run loaded (as the server keeps it), the named query, and loading the run.
/// </summary>
public static class PredictBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var work = Path.GetFullPath(ChildProcess.Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "perturbkg-bench-predict"));
        var samples = int.Parse(ChildProcess.Option(args, "--samples") ?? "300", System.Globalization.CultureInfo.InvariantCulture);
        var db = Path.Combine(work, "medium.db");
        var runDirectory = Path.Combine(work, "runs", "bench");
        if (!File.Exists(Path.Combine(runDirectory, ModelFile.FileName)))
        {
            Directory.CreateDirectory(work);
            File.Delete(db);
            Console.WriteLine("first use: generating, ingesting and training at medium scale ...");
            var generated = new SyntheticDataGenerator().Generate(Path.Combine(work, "data"), GeneratorScale.Medium, 42);
            await using var fresh = SqliteGraphStore.Open(db);
            await new DatasetIngestion(NullLogger<DatasetIngestion>.Instance).RunAsync(fresh, generated.Ingest, null, CancellationToken.None);
            var defaults = new TrainingRunOptions { OutputDirectory = runDirectory };
            var trained = await new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(fresh, defaults with
            {
                Split = "random", Models = ["gat"], Ablations = [], Seeds = 1,
                GatTraining = defaults.GatTraining with { MaxEpochs = 2 },
                WriteBack = new WriteBackOptions { FaithfulnessEffects = 0 },
            }, null, CancellationToken.None);
            Console.WriteLine($"wrote {trained.WriteBack!.Effects:N0} effects and {trained.WriteBack.Paths:N0} paths in {trained.WriteBack.Seconds:F1} s");
        }

        await using var store = SqliteGraphStore.Open(db);
        var clock = Stopwatch.StartNew();
        var run = await TrainedRun.LoadAsync(store, runDirectory, CancellationToken.None);
        var load = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        run.Predict([(run.Data.Pairs[0].Drug, run.Data.Pairs[0].Cell)]);
        var first = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"graph: {run.Data.Graph.NodeCount:N0} nodes, {run.Data.Graph.Stored.Count:N0} edges, {run.Data.Pairs.Count:N0} observed pairs");

        var random = new Random(7);
        var drugs = run.Data.Pairs.Select(p => p.Drug).Distinct().ToArray();
        var cells = run.Data.Pairs.Select(p => p.Cell).Distinct().ToArray();
        var predict = Time(samples, () => run.Predict([(drugs[random.Next(drugs.Length)], cells[random.Next(cells.Length)])]));

        var observed = run.Data.Pairs.Select(p => (Drug: run.Data.Nodes[p.Drug].Key, Cell: run.Data.Nodes[p.Cell].Key)).Distinct().ToArray();
        var query = Time(samples, () =>
        {
            var (drug, cell) = observed[random.Next(observed.Length)];
            store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = drug, ["cell"] = cell }, CancellationToken.None).GetAwaiter().GetResult();
        });

        Console.WriteLine();
        Console.WriteLine("| measurement | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| predict one pair, run loaded (any drug × cell) | {predict.P50:F2} ms | {predict.P99:F2} ms |");
        Console.WriteLine($"| top-genes named query (new connection each) | {query.P50:F2} ms | {query.P99:F2} ms |");
        Console.WriteLine($"| loading the run (graph from the store, checkpoint), once | {load:F0} ms | |");
        Console.WriteLine($"| first prediction after loading (encodes the graph once) | {first:F0} ms | |");
        Console.WriteLine();
        Console.WriteLine($"target p50 ≤ 20 ms: predict {(predict.P50 <= 20 ? "met" : "missed")}, top-genes {(query.P50 <= 20 ? "met" : "missed")}");
        return 0;
    }

    private static (double P50, double P99) Time(int samples, Action action)
    {
        for (var i = 0; i < 10; i++)
        {
            action();
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[samples / 2], times[Math.Min(samples - 1, (int)Math.Ceiling(samples * 0.99) - 1)]);
    }
}
