using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PerturbKG.Model.Torch;

/// <summary>
/// Where and how libtorch runs: the device a user asks for (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), the
/// thread counts, the native environment OpenMP reads when libtorch loads, and what a run manifest is to record.
/// Not used by the models yet: the GAT still runs on Model/Tensors (issue 13).
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

    /// <summary>Uses this many threads inside operations (and at most this many between them).</summary>
    public static void UseThreads(int threads)
    {
        PrepareNativeEnvironment();
        torch.set_num_threads(Math.Max(1, threads));
    }

    /// <summary>What a run manifest is to record about the tensor library.</summary>
    public static TorchInfo Describe(torch.Device device) =>
        new(torch.__version__, device.ToString(), torch.get_num_threads(), Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE (set natively)");

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}

/// <summary>The tensor library a run used.</summary>
public sealed record TorchInfo(string Version, string Device, int Threads, string WaitPolicy);
