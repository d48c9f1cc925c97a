using System.Diagnostics;
using System.Globalization;

namespace PerturbKG.Benchmarks;

/// <summary>Runs this benchmark program again as a child (own peak memory, own native environment), and small helpers.</summary>
internal static class ChildProcess
{
    /// <summary>Starts this program with <paramref name="args"/> and extra environment; returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output)> RunSelfAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool echo = false)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = !echo, UseShellExecute = false };
        if (self.EndsWith("dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start)!;
        var output = echo ? "" : await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, output);
    }

    /// <summary>VmHWM: this process's peak resident set size.</summary>
    public static long PeakResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? Environment.WorkingSet : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The CPU's model name and whether it has AVX-512 (from /proc/cpuinfo; unknown elsewhere).</summary>
    public static (string Model, bool Avx512) Cpu()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return ("unknown", false);
        }

        var lines = File.ReadLines("/proc/cpuinfo").Take(60).ToList();
        var model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var flags = lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
        return (model, flags.Contains(" avx512f", StringComparison.Ordinal));
    }
}
