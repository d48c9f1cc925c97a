using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.Benchmarks.Ingestion;

/// <summary>
/// Ingest of a generated kg.csv (PrimeKG scale by default) against the storage limit: sqlite3's own .import of the
/// same edges into an equivalent table (same columns, key and indexes, same pragmas), in the same run.
/// </summary>
public static class IngestBenchmark
{
    public const string ChildCommand = "ingest-child";

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = Enum.Parse<GeneratorScale>(Option(args, "--scale") ?? "PrimeKg", ignoreCase: true);
        var work = Path.GetFullPath(Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "perturbkg-bench", scale.ToString().ToLowerInvariant()));
        var kg = Path.Combine(work, "data", "kg.csv");
        if (!File.Exists(kg))
        {
            Console.WriteLine($"generating {scale} data into {work}/data ...");
            new SyntheticDataGenerator().Generate(Path.Combine(work, "data"), scale, 42);
        }

        using (var handle = File.OpenHandle(kg))
        {
            Console.WriteLine($"kg.csv: {RandomAccess.GetLength(handle) / 1e6:F0} MB, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
        }
        var ours = await MeasureOursAsync(kg, Path.Combine(work, "ours.db"));
        var edgesCsv = Path.Combine(work, "edges.csv");
        var edges = SqliteLimit.ExportEdges(Path.Combine(work, "ours.db"), edgesCsv);
        var limit = SqliteLimit.ImportEquivalentTable(edgesCsv, Path.Combine(work, "limit.db"));
        var raw = SqliteLimit.ImportRawKgCsv(kg, Path.Combine(work, "raw.db"));

        Console.WriteLine();
        Console.WriteLine("| measurement | wall s | edges/s | peak memory |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| perturbkg ingest (kg.csv → store, {ours.Edges:N0} edges) | {ours.Seconds:F1} | {ours.Edges / ours.Seconds:N0} | {ours.PeakBytes / 1e6:F0} MB |");
        if (limit is { } l)
        {
            Console.WriteLine($"| sqlite3 .import of the same {edges:N0} edges into an equivalent table + indexes | {l:F1} | {edges / l:N0} | |");
        }

        if (raw is { } r)
        {
            Console.WriteLine($"| sqlite3 .import of raw kg.csv into a 12-column table, no indexes | {r:F1} | | |");
        }

        if (limit is { } limitSeconds)
        {
            Console.WriteLine();
            Console.WriteLine($"ratio to the storage limit: {ours.Seconds / limitSeconds:F2}x (target ≤ 2x); peak memory {ours.PeakBytes / 1e9:F2} GB (target < 2 GB)");
        }

        return 0;
    }

    /// <summary>The measured ingest, in a fresh process so its peak memory is its own.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (kg, db) = (args[0], args[1]);
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(file);
        }

        var clock = Stopwatch.StartNew();
        await using var store = SqliteGraphStore.Open(db);
        var report = await new DatasetIngestion(NullLogger<DatasetIngestion>.Instance)
            .RunAsync(store, new IngestOptions { Dataset = "primekg", PrimeKg = [kg] }, null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(seconds, report.Graph!.Edges, PeakResidentBytes())));
        return 0;
    }

    private static async Task<ChildResult> MeasureOursAsync(string kg, string db)
    {
        var (_, output) = await ChildProcess.RunSelfAsync([ChildCommand, kg, db]);
        return JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException("The measured ingest printed no result: " + output);
    }

    private static long PeakResidentBytes() => ChildProcess.PeakResidentBytes();

    private static string? Option(string[] args, string name) => ChildProcess.Option(args, name);

    private sealed record ChildResult(double Seconds, long Edges, long PeakBytes);
}
