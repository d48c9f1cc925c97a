using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PerturbKG.Model.Torch;

/// <summary>
/// Where and how libtorch runs: the device a user asks for (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), the
/// thread counts, the native environment OpenMP reads when libtorch loads, the allocator, and what a run manifest is to
/// record. See docs/adr/006-torchsharp-cpu-configuration.md for the measurements behind each choice.
/// </summary>
public static partial class TorchRuntime
{
    private static int _prepared;

    /// <summary>
    /// Sets the native environment before libtorch loads (OpenMP reads it once, at load time; .NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code): idle OpenMP threads
    /// sleep instead of spinning, so the two cores are not burnt between operations. A value the user set wins.
    /// </summary>
    public static void PrepareNativeEnvironment()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1 || !OperatingSystem.IsLinux())
        {
            return;
        }

        _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
    }

    /// <summary>
    /// Runs this program again, with the same arguments, standard streams and exit code, with jemalloc preloaded and
    /// told to keep freed memory for reuse (<c>MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1</c>), and
    /// returns its exit code; or returns null, to go on in this process, when that is not possible or wanted: not
    /// Linux, jemalloc not installed (Debian/Ubuntu package libjemalloc2), already relaunched, or
    /// <c>PERTURBKG_ALLOCATOR=system</c>. A GAT step allocates and frees per-edge tensors of up to a gigabyte; glibc
    /// hands those back to the system on free, so every step faults them in again: on 2 cores one attention layer took
    /// 25.8 s forward and backward with glibc and 1.5 s with jemalloc keeping its memory (ADR 006).
    /// </summary>
    public static int? RelaunchWithFastAllocator(string[] args)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(RelaunchedVariable) is not null
            || Environment.GetEnvironmentVariable("PERTURBKG_ALLOCATOR") is "system"
            || Environment.GetEnvironmentVariable("LD_PRELOAD")?.Contains("jemalloc", StringComparison.Ordinal) == true
            || Jemalloc() is not { } library || Environment.ProcessPath is not { } host)
        {
            return null;
        }

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        var command = Environment.GetCommandLineArgs();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet" && command.Length > 0 && command[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(command[0]); // run as `dotnet app.dll`
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var preload = Environment.GetEnvironmentVariable("LD_PRELOAD");
        start.Environment["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? library : $"{library}:{preload}";
        start.Environment["MALLOC_CONF"] = Environment.GetEnvironmentVariable("MALLOC_CONF") ?? "retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1";
        start.Environment[RelaunchedVariable] = library;
        using var child = Process.Start(start)!;
        // This process only waits: an interrupt or a stop request sent to it (not only Ctrl+C, which reaches the whole
        // process group) is passed on to the child, which cancels and says so; this one then exits with its code.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, child, SigInt));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, SigTerm));
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>The allocator libtorch's memory comes from, as a run manifest records it.</summary>
    public static string Allocator => Environment.GetEnvironmentVariable(RelaunchedVariable) is { } library
        ? $"jemalloc ({library}, {Environment.GetEnvironmentVariable("MALLOC_CONF")})"
        : Environment.GetEnvironmentVariable("LD_PRELOAD")?.Contains("jemalloc", StringComparison.Ordinal) == true ? "jemalloc (preloaded by the caller)" : "system malloc";

    private const string RelaunchedVariable = "PERTURBKG_RELAUNCHED_WITH";

    private static string? Jemalloc() =>
        new[] { "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2", "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2" }
            .FirstOrDefault(File.Exists);

    /// <summary>The device for a <c>--device</c> value; asking for CUDA where it is not available is an error.</summary>
    public static torch.Device ResolveDevice(string spec)
    {
        PrepareNativeEnvironment();
        var value = spec.Trim().ToLowerInvariant();
        if (value is "auto")
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }

        if (value is "cpu")
        {
            return torch.CPU;
        }

        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = value == "cuda" ? 0 : int.TryParse(value[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            if (index < 0)
            {
                throw new ArgumentException($"Device '{spec}' is not cuda:N with a GPU number N.");
            }

            if (!torch.cuda.is_available())
            {
                throw new ArgumentException(
                    $"Device '{spec}' asks for CUDA, but no CUDA device is available to libtorch here (install TorchSharp-cuda-linux or -windows on a GPU machine, or use --device cpu).");
            }

            var count = torch.cuda.device_count();
            return index < count
                ? new torch.Device(DeviceType.CUDA, index)
                : throw new ArgumentException($"Device '{spec}' does not exist: libtorch sees {count} CUDA device(s).");
        }

        throw new ArgumentException($"Unknown device '{spec}': use auto, cpu, cuda or cuda:N.");
    }

    /// <summary>Where runs loaded for prediction and explanation put their model (the CLI's and server's <c>--device</c>).</summary>
    public static torch.Device DefaultDevice { get; set; } = torch.CPU;

    /// <summary>Uses this many threads inside operations (and at most this many between them).</summary>
    public static void UseThreads(int threads)
    {
        PrepareNativeEnvironment();
        torch.set_num_threads(Math.Max(1, threads));
    }

    /// <summary>What a run manifest is to record about the tensor library.</summary>
    public static TorchInfo Describe(torch.Device device) =>
        new(torch.__version__, device.ToString(), torch.get_num_threads(), Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE (set natively)",
            Allocator);

    /// <summary>
    /// Held while a model seeds the global generator and draws its initial weights, so models built at the same time
    /// on several threads (tests, concurrent jobs) still get the weights of their seed.
    /// </summary>
    public static readonly Lock Initialisation = new();

    /// <summary>Seeds libtorch's generators (initialisation, dropout) so a seed gives the same model and run.</summary>
    public static void Seed(ulong seed)
    {
        PrepareNativeEnvironment();
        torch.manual_seed((long)(seed & long.MaxValue));
    }

    private const int SigInt = 2;
    private const int SigTerm = 15;

    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        context.Cancel = true;
        if (!child.HasExited)
        {
            _ = Kill(child.Id, signal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}

/// <summary>The tensor library a run used.</summary>
public sealed record TorchInfo(string Version, string Device, int Threads, string WaitPolicy, string Allocator);
