using Microsoft.AspNetCore.Builder;
using PerturbKG.Admin.Server;
using PerturbKG.IntegrationTests.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>
/// What a new user has after the README's demo: <c>perturbkg demo</c> run as its own process (tiny scale), then the
/// admin server on its store — with its job registry and data folder elsewhere, so the demo's run can only be found
/// through the store and the folder beside it.
/// </summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    public const string Token = "demo-admin-token-0123456789";

    private readonly TempDirectory _dir = new();
    private WebApplication? _app;

    public string Work => _dir.File("demo");

    public string DemoOutput { get; private set; } = "";

    public Uri Address { get; private set; } = null!;

    public string Root => Address.ToString().TrimEnd('/');

    public HttpClient Client() => new() { BaseAddress = Address };

    public async ValueTask InitializeAsync()
    {
        var (code, output) = await PerturbKgProcess.RunAsync("demo", "--work", Work, "--scale", "tiny", "--epochs", "3");
        if (code != 0)
        {
            throw new InvalidOperationException($"demo failed ({code}):\n{output}");
        }

        DemoOutput = output;
        (_app, Address) = await RunningServer.StartAsync(new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = StoreLocation.Parse($"sqlite:{Path.Combine(Work, "perturbkg.db")}"),
            AdminToken = Token,
            Jobs = new JobsOptions
            {
                Database = JobDatabase.Sqlite(_dir.File("jobs.db")),
                DataDirectory = _dir.File("server-data"),
                HostId = "demo-test-host",
                Workers = 1,
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await RunningServer.StopAsync(_app);

        _dir.Dispose();
    }
}
