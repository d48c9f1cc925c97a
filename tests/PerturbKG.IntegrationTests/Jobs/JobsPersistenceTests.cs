using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using PerturbKG.Admin.Jobs;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>Background runs survive restarts, schedules fire, and crashes leave honest records — on PostgreSQL and on the embedded SQLite file.</summary>
public sealed class JobsPersistenceTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task QueuedIngestion_CompletesAfterHostRestart_OnPostgres()
    {
        await using var pg = await TestPostgres.CreateAsync();
        await QueuedIngestionSurvivesRestart(pg.Database);
    }

    [Fact]
    public async Task QueuedIngestion_CompletesAfterHostRestart_OnEmbeddedSqlite()
    {
        using var dir = new TempDirectory();
        await QueuedIngestionSurvivesRestart(JobDatabase.Sqlite(dir.File("jobs.db")));
    }

    private static async Task QueuedIngestionSurvivesRestart(JobDatabase database)
    {
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        var store = new StoreFile(dir.File("store.db"));
        var scheduler = $"t-{Guid.NewGuid():N}";
        string runId;
        await using (var first = new JobsHostHarness(database, dir.File("runs"), "host-a", scheduler))
        {
            // This host stops before its scheduler ever starts: the run exists only as a queued row and a stored trigger.
            var run = await first.SendAsync(new StartIngestion($"sqlite:{store.Path}", files));
            runId = run.Id;
            Assert.Equal(RunState.Queued, run.State);
        }

        Assert.False(File.Exists(store.Path) && (await store.SummaryAsync()).Nodes > 0, "nothing may be ingested before the restart");
        await using var second = new JobsHostHarness(database, dir.File("runs"), "host-a", scheduler);
        await second.StartAsync();
        var done = await second.WaitAsync(runId, r => r.IsFinished, Long);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("host-a", done.Host);
        Assert.Contains("\"edges\":", done.Result);
        Assert.True((await store.SummaryAsync()).Nodes > 0);
    }

    [Fact]
    public async Task CronSchedule_FiresReingestionRuns_OnPostgres()
    {
        await using var pg = await TestPostgres.CreateAsync();
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        await using var host = new JobsHostHarness(pg.Database, dir.File("runs"), "host-c", $"t-{Guid.NewGuid():N}");
        await host.StartAsync();

        var schedule = await host.SendAsync(new ScheduleReingestion("every two seconds", "0/2 * * * * ?", $"sqlite:{dir.File("store.db")}", files));
        var statuses = await host.SendAsync(new ListSchedules());
        Assert.NotNull(Assert.Single(statuses).NextFire);

        var deadline = DateTime.UtcNow + Long;
        JobRun? fired = null;
        while (fired is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            fired = (await host.Registry.ListAsync(20, RunKinds.Reingest, TestContext.Current.CancellationToken))
                .FirstOrDefault(r => r.ScheduleId == schedule.Id && r.State == RunState.Succeeded);
        }

        Assert.NotNull(fired);
        var paused = await host.SendAsync(new ChangeSchedule(schedule.Id, "pause"));
        Assert.True(Assert.Single(paused).Paused);
    }

    [Fact]
    public async Task KilledHost_LeavesTrainingRunFailedAndNotRetried_AfterRestart()
    {
        await using var pg = await TestPostgres.CreateAsync();
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        var port = FreePort();
        const string token = "kill-test-token-0123456789";
        using var server = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "perturbkg.dll"), "serve", "--store", store, "--jobs", $"postgres:{pg.Database.ConnectionString}",
                "--data", dir.File("data-dir"), "--host-id", "host-k", "--urls", $"http://127.0.0.1:{port}",
            },
            Environment = { ["PERTURBKG_ADMIN_TOKEN"] = token },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await WaitHealthyAsync(http, server);

        var response = await http.PostAsJsonAsync("/api/train", TinyDataset.LongTraining, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("run").GetProperty("id").GetString()!;
        var registry = new RunRegistry(pg.Database);
        await JobsHostHarness.WaitAsync(registry, runId, r => r.State == RunState.Running, Long);

        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunState.Running, (await registry.GetAsync(runId, TestContext.Current.CancellationToken))!.State);

        await using var restarted = new JobsHostHarness(pg.Database, dir.File("data-dir"), "host-k", "perturbkg");
        await restarted.StartAsync();
        var run = (await registry.GetAsync(runId, TestContext.Current.CancellationToken))!;

        Assert.Equal(RunState.Failed, run.State);
        Assert.StartsWith("Orphaned: host host-k stopped while the run was running", run.Error);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var training = await registry.ListAsync(10, RunKinds.Train, TestContext.Current.CancellationToken);
        Assert.Equal(runId, Assert.Single(training).Id);
        Assert.Equal(RunState.Failed, Assert.Single(training).State);
    }

    [Fact]
    public async Task OrphanedIngestion_IsQueuedAgainAsNextAttempt_AndCompletes()
    {
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        var database = JobDatabase.Sqlite(dir.File("jobs.db"));
        var registry = new RunRegistry(database);
        var orphan = new JobRun
        {
            Id = "run-orphan-ingest",
            Kind = RunKinds.Ingest,
            Store = $"sqlite:{dir.File("store.db")}",
            Parameters = System.Text.Json.JsonSerializer.Serialize(files, RunExecutor.Json),
            State = RunState.Running,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            Heartbeat = DateTimeOffset.UtcNow.AddSeconds(-5),
            Host = "host-o",
        };
        await registry.CreateAsync(orphan, TestContext.Current.CancellationToken);

        await using var host = new JobsHostHarness(database, dir.File("runs"), "host-o", $"t-{Guid.NewGuid():N}");
        await host.StartAsync();

        Assert.Equal(RunState.Failed, (await registry.GetAsync(orphan.Id, TestContext.Current.CancellationToken))!.State);
        var retry = (await registry.ListAsync(10, RunKinds.Ingest, TestContext.Current.CancellationToken)).Single(r => r.RetryOf == orphan.Id);
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(RunState.Succeeded, (await host.WaitAsync(retry.Id, r => r.IsFinished, Long)).State);
    }

    [Fact]
    public async Task CancelRun_StopsRunningTraining_BetweenBatches()
    {
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        await using var host = new JobsHostHarness(JobDatabase.Sqlite(dir.File("jobs.db")), dir.File("runs"), "host-x", $"t-{Guid.NewGuid():N}");
        await host.StartAsync();
        var defaults = new PerturbKG.Admin.Server.RetrainInput { Seeds = 20, Epochs = 10000, Hidden = 256, Layers = 4 }.ToOptions();
        var started = await host.SendAsync(new StartTraining(store, defaults));
        await host.WaitAsync(started.Run.Id, r => r.State == RunState.Running && r.Progress > 0, Long);

        await host.SendAsync(new CancelRun(started.Run.Id));
        var run = await host.WaitAsync(started.Run.Id, r => r.IsFinished, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Cancelled, run.State);
        Assert.Equal("Cancelled on request.", run.Error);
        Assert.Contains("Cancelled: Cancelled on request.", run.LogTail);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.SendAsync(new CancelRun(run.Id)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, $"perturbkg serve exited with {(server.HasExited ? server.ExitCode : 0)}");
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

        Assert.Fail("perturbkg serve did not become healthy in 60 s");
    }
}
