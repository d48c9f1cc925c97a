using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.Benchmarks.Jobs;

/// <summary>
/// How fast background jobs start and flow: launches <c>perturbkg serve</c> (this build's, and with --baseline an older
/// build's perturbkg.dll, one after the other on the same machine), submits N tiny ingestions through the API at once,
/// and prints the delay from queued to started (median, 95th percentile, max) and the wall time until all succeeded.
/// Works against any build that has <c>/api/ingest</c> and <c>/api/runs</c>, so old and new job systems compare.
/// </summary>
internal static class JobLatencyBenchmark
{
    private const string Token = "bench-token-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = 20;
        string? baseline = null;
        var serve = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Admin/bin/Release/net10.0/perturbkg.dll"));
        var database = "sqlite";
        int? workers = null;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--jobs": jobs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--serve": serve = Path.GetFullPath(args[i + 1]); break;
                case "--baseline": baseline = Path.GetFullPath(args[i + 1]); break;
                case "--database": database = args[i + 1]; break;
                case "--workers": workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var work = Directory.CreateTempSubdirectory("perturbkg-job-bench-");
        try
        {
            var files = new SyntheticDataGenerator().Generate(Path.Combine(work.FullName, "data"), GeneratorScale.Tiny, 5).Ingest;
            Console.WriteLine($"{jobs} tiny ingestions submitted at once; job database {database}; this build's workers: {workers?.ToString(CultureInfo.InvariantCulture) ?? "default"}; CPU {Cpu()}");
            Console.WriteLine($"{"build",-10} {"start p50",10} {"start p95",10} {"start max",10} {"all done",10}");
            var current = await MeasureAsync("this", serve, files, jobs, database, work.FullName, workers is { } n ? ["--workers", n.ToString(CultureInfo.InvariantCulture)] : []);
            if (baseline is not null)
            {
                var old = await MeasureAsync("baseline", baseline, files, jobs, database, work.FullName, []);
                Console.WriteLine($"ratio this/baseline: start p50 {current.P50 / old.P50:F2}, all done {current.Total / old.Total:F2}");
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(double P50, double Total)> MeasureAsync(string name, string dll, PerturbKG.Ingest.IngestOptions files, int jobs, string database, string work,
        string[] extra)
    {
        var folder = Path.Combine(work, name);
        Directory.CreateDirectory(folder);
        var jobsDb = database == "sqlite" ? $"sqlite:{Path.Combine(folder, "jobs.db")}" : database;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var a in new[] { dll, "serve", "--store", $"sqlite:{Path.Combine(folder, "store.db")}", "--jobs", jobsDb, "--data", folder, "--urls", $"http://127.0.0.1:{port}" }.Concat(extra))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PERTURBKG_ADMIN_TOKEN"] = Token;
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            await WaitHealthyAsync(http, server);
            var clock = Stopwatch.StartNew();
            var ids = new List<string>();
            for (var i = 0; i < jobs; i++)
            {
                var response = await http.PostAsJsonAsync("/api/ingest", new { store = $"sqlite:{Path.Combine(folder, $"store-{i}.db")}", options = files });
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            var delays = new List<double>();
            foreach (var id in ids)
            {
                while (true)
                {
                    var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
                    var state = run.GetProperty("state").GetString();
                    if (state is "succeeded")
                    {
                        var created = run.GetProperty("createdAt").GetDateTimeOffset();
                        delays.Add((run.GetProperty("startedAt").GetDateTimeOffset() - created).TotalSeconds);
                        break;
                    }

                    if (state is "failed" or "cancelled")
                    {
                        throw new InvalidOperationException($"{name}: run {id} {state}: {run.GetProperty("error")}");
                    }

                    await Task.Delay(50);
                }
            }

            var total = clock.Elapsed.TotalSeconds;
            // Queue-to-start includes waiting for a free worker; the first jobs show the pure pick-up delay.
            delays.Sort();
            double Q(double q) => delays[Math.Min(delays.Count - 1, (int)Math.Floor(q * delays.Count))];
            Console.WriteLine($"{name,-10} {Q(0.5),9:F2}s {Q(0.95),9:F2}s {delays[^1],9:F2}s {total,9:F1}s   first start {delays[0]:F2}s");
            return (Q(0.5), total);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 300 && !server.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("perturbkg serve did not become healthy");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown";
}
