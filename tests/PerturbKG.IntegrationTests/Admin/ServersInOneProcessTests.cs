using System.Net;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>Admin servers started and stopped one after another in one process, as the test fixtures do.</summary>
public sealed class ServersInOneProcessTests
{
    [Fact]
    public async Task Server_StillAnswersPagesThatUseHangfire_AfterAServerStartedAfterItStops()
    {
        using var dir = new TempDirectory();
        var (survivor, address) = await RunningServer.StartAsync(Options(dir, "a"));
        try
        {
            // The later server sets Hangfire's process-wide log provider to its logger factory, then disposes it.
            var (other, _) = await RunningServer.StartAsync(Options(dir, "b"));
            await RunningServer.StopAsync(other);
            using var http = new HttpClient { BaseAddress = address };

            var schedules = await http.GetAsync("/schedules", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, schedules.StatusCode);
        }
        finally
        {
            await RunningServer.StopAsync(survivor);
        }
    }

    private static ServerOptions Options(TempDirectory dir, string name) => new()
    {
        Urls = "http://127.0.0.1:0",
        Store = StoreLocation.Parse($"sqlite:{dir.File(name + ".db")}"),
        AdminToken = "servers-test-token-0123456789",
        Jobs = new JobsOptions
        {
            Database = JobDatabase.Sqlite(dir.File(name + "-jobs.db")),
            DataDirectory = dir.File(name + "-data"),
            HostId = "host-" + name,
            RunsServer = false,
        },
    };
}
