using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Admin.Server;
using PerturbKG.IntegrationTests.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>The real admin server (Kestrel on a free port, embedded SQLite jobs) over a store holding the tiny generated dataset.</summary>
public sealed class AdminServerFixture : IAsyncLifetime
{
    public const string Token = "test-admin-token-0123456789";

    private readonly TempDirectory _dir = new();
    private WebApplication? _app;

    public string Store { get; private set; } = "";

    public Uri Address { get; private set; } = null!;

    public string Directory => _dir.Path;

    /// <summary>The server's one data root (a folder in the temp directory, resolved).</summary>
    public string DataRoot { get; private set; } = "";

    public RunRegistry Registry => _app!.Services.GetRequiredService<RunRegistry>();

    public Hangfire.JobStorage Storage => _app!.Services.GetRequiredService<Hangfire.JobStorage>();

    public HttpClient Client(string? token = Token)
    {
        var http = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return http;
    }

    public async ValueTask InitializeAsync()
    {
        Store = await TinyDataset.StoreAsync(_dir);
        DataRoot = PerturbKG.Admin.Server.InputConfinement.RealPath(_dir.File("inputs"), 0);
        System.IO.Directory.CreateDirectory(DataRoot);
        (_app, Address) = await RunningServer.StartAsync(new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = StoreLocation.Parse(Store),
            AdminToken = Token,
            DataRoots = [DataRoot],
            Jobs = new JobsOptions
            {
                Database = JobDatabase.Sqlite(_dir.File("jobs.db")),
                DataDirectory = _dir.File("data"),
                HostId = "test-host",
                Heartbeat = TimeSpan.FromMilliseconds(300),
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await RunningServer.StopAsync(_app);

        _dir.Dispose();
    }
}
