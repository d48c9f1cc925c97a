using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>A <c>perturbkg</c> child process (serve, worker, or a command run to its end) built with the tests, with its output kept for failure messages.</summary>
public sealed class PerturbKgProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public PerturbKgProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? unset = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "perturbkg.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var name in unset ?? [])
        {
            start.Environment.Remove(name);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Runs a command to its end, as a user runs it: its exit code and its last lines.</summary>
    public static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        using var process = new PerturbKgProcess(arguments);
        await process.WaitForExitAsync();
        return (process.ExitCode, process.Output);
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGTERM to this process only (not its process group), as a supervisor or `docker stop` sends it.</summary>
    public void Stop() => Assert.Equal(0, SendSignal(_process.Id, 15));

    public Task WaitForExitAsync() => _process.WaitForExitAsync(TestContext.Current.CancellationToken);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>The last lines the process wrote.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(HasExited, $"perturbkg exited:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"perturbkg serve did not become healthy in 60 s:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
