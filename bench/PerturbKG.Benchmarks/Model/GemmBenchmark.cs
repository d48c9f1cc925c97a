using System.Diagnostics;
using System.Runtime.InteropServices;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Benchmarks.Model;

/// <summary>
/// The tensor engine's single-precision GEMM against OpenBLAS's cblas_sgemm (Debian libopenblas0-pthread) on the same
/// inputs, in the same process: square sizes and the shapes a GAT training step at PrimeKG++ scale multiplies.
/// OpenBLAS picks its kernel when it loads, from OPENBLAS_CORETYPE: the benchmark re-runs itself with SKYLAKEX on
/// AVX-512 machines and HASWELL (AVX2 + FMA) elsewhere, unless the variable is already set.
/// </summary>
public static class GemmBenchmark
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    [DllImport(Library)]
    private static extern unsafe void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [DllImport(Library)]
    private static extern IntPtr openblas_get_corename();

    [DllImport(Library)]
    private static extern int openblas_get_num_threads();

    private static readonly (string Label, int M, int N, int K, bool TransA, bool TransB)[] Shapes =
    [
        ("square 512", 512, 512, 512, false, false),
        ("square 1024", 1024, 1024, 1024, false, false),
        ("square 2048", 2048, 2048, 2048, false, false),
        ("layer h·W (50k nodes, 128 → 128)", 50_000, 128, 128, false, false),
        ("gene embeddings (20k × 768 → 128)", 20_000, 128, 768, false, false),
        ("weight gradient hᵀ·dz (128 × 50k × 128)", 128, 128, 50_000, true, false),
        ("input gradient dz·Wᵀ (50k × 128 × 128)", 50_000, 128, 128, false, true),
        ("head q·kᵀ (4096 pairs × 978 genes × 128)", 4096, 978, 128, false, true),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is null)
        {
            var (_, avx512) = ChildProcess.Cpu();
            var environment = new Dictionary<string, string>
            {
                ["OPENBLAS_CORETYPE"] = avx512 ? "SKYLAKEX" : "HASWELL",
                ["OPENBLAS_NUM_THREADS"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var (code, _) = await ChildProcess.RunSelfAsync(["gemm", .. args], environment, echo: true);
            return code;
        }

        var seconds = double.Parse(ChildProcess.Option(args, "--seconds") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        var (model, hasAvx512) = ChildProcess.Cpu();
        Console.WriteLine($"CPU: {model}, {Environment.ProcessorCount} cores, AVX-512: {(hasAvx512 ? "yes" : "no")}; engine: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "512" : "256")}-bit vectors");
        var blas = TryOpenBlas();
        Console.WriteLine(blas is null
            ? $"OpenBLAS: {Library} not found (Debian: apt-get install libopenblas0-pthread); engine numbers only"
            : $"OpenBLAS: core {blas}, {openblas_get_num_threads()} threads (OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")})");
        Console.WriteLine();
        Console.WriteLine("| shape | m × n × k | engine GFLOP/s | OpenBLAS GFLOP/s | ratio | max rel. diff |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        var ratios = new List<double>();
        foreach (var shape in Shapes)
        {
            var random = new Random(7);
            var a = Fill(shape.M * shape.K, random);
            var b = Fill(shape.K * shape.N, random);
            var ours = new float[shape.M * shape.N];
            var theirs = new float[shape.M * shape.N];
            var (lda, ldb) = (shape.TransA ? shape.M : shape.K, shape.TransB ? shape.K : shape.N);
            var flops = 2.0 * shape.M * shape.N * shape.K;
            Action engineCall = () => Gemm.Multiply(a, lda, shape.TransA, b, ldb, shape.TransB, ours, shape.N, shape.M, shape.N, shape.K, false);
            Action? blasCall = blas is null ? null : () => Blas(a, lda, shape.TransA, b, ldb, shape.TransB, theirs, shape);
            var (engineSeconds, blasSeconds) = Time(engineCall, blasCall, seconds);
            var engine = flops / engineSeconds / 1e9;
            var text = $"| {shape.Label} | {shape.M} × {shape.N} × {shape.K} | {engine:F1} |";
            if (blasCall is not null)
            {
                var openBlas = flops / blasSeconds / 1e9;
                ratios.Add(engine / openBlas);
                text += $" {openBlas:F1} | {engine / openBlas:F2}× | {MaxRelativeDifference(ours, theirs):E1} |";
            }
            else
            {
                text += " | | |";
            }

            Console.WriteLine(text);
        }

        if (ratios.Count > 0)
        {
            var geometric = Math.Exp(ratios.Average(Math.Log));
            Console.WriteLine();
            Console.WriteLine($"engine / OpenBLAS: geometric mean {geometric:F2}×, worst {ratios.Min():F2}× (target ≥ 0.6×)");
        }

        return 0;
    }

    private static string? TryOpenBlas()
    {
        try
        {
            return Marshal.PtrToStringAnsi(openblas_get_corename());
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    private static unsafe void Blas(float[] a, int lda, bool transA, float[] b, int ldb, bool transB, float[] c, (string, int M, int N, int K, bool, bool) shape)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            cblas_sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, shape.M, shape.N, shape.K, 1f, pa, lda, pb, ldb, 0f, pc, shape.N);
        }
    }

    // The best time per call of each, over five alternating rounds of about seconds / 5 each (after one warm-up call
    // each): alternating keeps both sides exposed to the same noise from neighbours on a shared machine.
    private static (double Engine, double Blas) Time(Action engine, Action? blas, double seconds)
    {
        engine();
        blas?.Invoke();
        var best = (Engine: double.MaxValue, Blas: double.MaxValue);
        for (var round = 0; round < 5; round++)
        {
            best.Engine = Math.Min(best.Engine, Round(engine, seconds / 5));
            if (blas is not null)
            {
                best.Blas = Math.Min(best.Blas, Round(blas, seconds / 5));
            }
        }

        return best;
    }

    private static double Round(Action call, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            call();
            calls++;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return clock.Elapsed.TotalSeconds / calls;
    }

    private static float[] Fill(int length, Random random)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }

    private static double MaxRelativeDifference(float[] ours, float[] theirs)
    {
        var scale = theirs.Max(MathF.Abs);
        var worst = 0f;
        for (var i = 0; i < ours.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(ours[i] - theirs[i]));
        }

        return worst / Math.Max(scale, 1e-30f);
    }
}
