using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PerturbKG.Ingest.Lincs.Gctx;

namespace PerturbKG.Benchmarks.Ingestion;

/// <summary>
/// Reads the 978 landmark rows of a generated GCTX (default 100,000 signatures × 12,328 genes, stored as cmapPy writes
/// the LINCS release: 1 MB chunks of 262 signatures × 1,000 genes, deflated) a block of signatures at a time, as ingestion
/// does, through PureHDF in a child process: seconds, MB/s of landmark values and of file bytes, and the child's peak
/// memory. The file is generated once (with PureHDF's writer) and kept in --work.
/// </summary>
public static class GctxBenchmark
{
    public const string ChildCommand = "gctx-child";
    private const int Landmarks = 978;

    public static async Task<int> RunAsync(string[] args)
    {
        var signatures = int.Parse(ChildProcess.Option(args, "--signatures") ?? "100000", CultureInfo.InvariantCulture);
        var genes = int.Parse(ChildProcess.Option(args, "--genes") ?? "12328", CultureInfo.InvariantCulture);
        var work = ChildProcess.Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "perturbkg-bench-gctx");
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, $"level5-n{signatures}x{genes}.gctx");
        var (cpu, avx512) = ChildProcess.Cpu();
        Console.WriteLine($"{cpu}, {Environment.ProcessorCount} cores{(avx512 ? ", AVX-512" : "")}");
        if (!File.Exists(path))
        {
            var clock = Stopwatch.StartNew();
            Generate(path + ".part", signatures, genes);
            File.Move(path + ".part", path);
            Console.WriteLine($"wrote {path} with PureHDF in {clock.Elapsed.TotalSeconds:F1} s");
        }

        var fileBytes = new FileInfo(path).Length;
        Console.WriteLine($"{signatures:N0} signatures × {genes:N0} genes, {Landmarks} landmark rows; file {fileBytes / 1e6:N0} MB ({(double)signatures * genes * 4 / 1e6:N0} MB of float32)");
        Console.WriteLine("| reader | seconds | landmark MB/s | file MB/s | peak memory | checksum |");
        Console.WriteLine("|---|---|---|---|---|---|");
        // Issue 19 measured the libhdf5 P/Invoke reader this replaced beside it, before deleting it: 34.4–47.8 s, 104 MB.
        var (code, output) = await ChildProcess.RunSelfAsync([ChildCommand, path]);
        if (code != 0)
        {
            Console.WriteLine($"| purehdf | failed (exit {code}) | | | | |");
            return 1;
        }

        var result = JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])!;
        var landmarkBytes = (double)signatures * Landmarks * 4;
        Console.WriteLine($"| purehdf | {result.Seconds:F1} | {landmarkBytes / 1e6 / result.Seconds:N0} | {fileBytes / 1e6 / result.Seconds:N0} | {result.PeakBytes / 1e6:N0} MB | {result.Checksum:R} |");
        return 0;
    }

    public static int RunChild(string[] args)
    {
        var path = args[0];
        var clock = Stopwatch.StartNew();
        using var gctx = GctxReader.Open(path);
        var rows = Enumerable.Range(0, gctx.RowCount).Where(r => gctx.RowMetadata["pr_is_lm"][r] == "1").ToList();
        var block = gctx.BlockSize;
        var buffer = new float[block * rows.Count];
        double checksum = 0;
        for (var first = 0; first < gctx.ColumnCount; first += block)
        {
            var count = Math.Min(block, gctx.ColumnCount - first);
            gctx.ReadColumns(first, count, rows, buffer);
            for (var i = 0; i < count * rows.Count; i++)
            {
                checksum += buffer[i];
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(clock.Elapsed.TotalSeconds, ChildProcess.PeakResidentBytes(), checksum)));
        return 0;
    }

    // Landmark rows spread over the genes as in the LINCS files (sorted by id, landmarks among them); values like z-scores.
    private static void Generate(string path, int signatures, int genes)
    {
        var random = new Random(92742);
        var landmark = new bool[genes];
        foreach (var r in Enumerable.Range(0, genes).OrderBy(_ => random.Next()).Take(Landmarks))
        {
            landmark[r] = true;
        }

        var rowMeta = new Dictionary<string, string[]>
        {
            ["id"] = Enumerable.Range(0, genes).Select(r => (r + 1).ToString(CultureInfo.InvariantCulture)).ToArray(),
            ["pr_is_lm"] = landmark.Select(l => l ? "1" : "0").ToArray(),
        };
        var columnMeta = new Dictionary<string, string[]>
        {
            ["id"] = Enumerable.Range(0, signatures).Select(c => $"BENCH{c / 384:D4}_A375_24H:X{c % 384:D3}").ToArray(),
        };
        GctxWriter.Write(path, genes, signatures, (first, block) =>
        {
            var values = new Random(first);
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = MathF.Round((float)((values.NextDouble() + values.NextDouble() + values.NextDouble() - 1.5) * 4), 4);
            }
        }, rowMeta, columnMeta, chunk: (262, 1000), deflate: true);
    }

    private sealed record ChildResult(double Seconds, long PeakBytes, double Checksum);
}
