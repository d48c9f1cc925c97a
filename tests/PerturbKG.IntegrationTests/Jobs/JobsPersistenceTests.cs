using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>
/// Background runs on Hangfire survive restarts, schedules fire, crashes leave honest records, cancels reach running
/// work, and scale-out runs every job once — on the PostgreSQL that .ci/run starts and on the embedded SQLite default.
/// </summary>
public sealed class JobsPersistenceTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
        string runId;
        string jobId;
        await using (var first = new JobsHostHarness(database, dir.File("runs"), "host-a"))
        {
            // This host stops before its Hangfire server ever starts: the run exists only as a queued row and an enqueued job.
            var run = await first.SendAsync(new StartIngestion($"sqlite:{store.Path}", files));
            (runId, jobId) = (run.Id, run.JobId!);
            Assert.Equal(RunState.Queued, run.State);
            Assert.Equal("Enqueued", first.Job(jobId).History[0].StateName);
        }

        Assert.False(File.Exists(store.Path) && (await store.SummaryAsync()).Nodes > 0, "nothing may be ingested before the restart");
        await using var second = new JobsHostHarness(database, dir.File("runs"), "host-a");
        await second.StartAsync();
        var done = await second.WaitAsync(runId, r => r.IsFinished, Long);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("host-a", done.Host);
        Assert.Contains("\"edges\":", done.Result);
        Assert.True((await store.SummaryAsync()).Nodes > 0);
        await WaitForJobStateAsync(second, jobId, "Succeeded");
        Assert.Equal(1, second.Executions(jobId));
    }

    [Fact]
    public async Task CronSchedule_FiresReingestionRuns_PausesAndResumes_OnPostgres()
    {
        await using var pg = await TestPostgres.CreateAsync();
        await CronScheduleFires(pg.Database);
    }

    [Fact]
    public async Task CronSchedule_FiresReingestionRuns_PausesAndResumes_OnEmbeddedSqlite()
    {
        using var dir = new TempDirectory();
        await CronScheduleFires(JobDatabase.Sqlite(dir.File("jobs.db")));
    }

    private static async Task CronScheduleFires(JobDatabase database)
    {
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        await using var host = new JobsHostHarness(database, dir.File("runs"), "host-c");
        await host.StartAsync();

        var schedule = await host.SendAsync(new ScheduleReingestion("every two seconds", "*/2 * * * * *", $"sqlite:{dir.File("store.db")}", files));
        var statuses = await host.SendAsync(new ListSchedules());
        Assert.NotNull(Assert.Single(statuses).NextFire);

        var deadline = DateTime.UtcNow + Long;
        JobRun? fired = null;
        while (fired is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
            fired = (await host.Registry.ListAsync(20, RunKinds.Reingest, Ct)).FirstOrDefault(r => r.ScheduleId == schedule.Id && r.State == RunState.Succeeded);
        }

        Assert.NotNull(fired);
        Assert.NotNull(fired.JobId);
        var paused = Assert.Single(await host.SendAsync(new ChangeSchedule(schedule.Id, "pause")));
        Assert.True(paused.Paused);
        Assert.Null(paused.NextFire);
        using (var connection = host.Storage.GetConnection())
        {
            Assert.DoesNotContain(connection.GetRecurringJobs([schedule.Id]), j => !j.Removed);
        }

        var resumed = Assert.Single(await host.SendAsync(new ChangeSchedule(schedule.Id, "resume")));
        Assert.False(resumed.Paused);
        Assert.NotNull(resumed.NextFire);
        await host.SendAsync(new ChangeSchedule(schedule.Id, "delete"));
        Assert.Empty(await host.SendAsync(new ListSchedules()));
    }

    [Fact]
    public async Task KilledServe_LeavesTrainingRunFailedAndNotRerun_AfterRestart()
    {
        await using var pg = await TestPostgres.CreateAsync();
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        var port = PerturbKgProcess.FreePort();
        const string token = "kill-test-token-0123456789";
        using var server = new PerturbKgProcess(
            ["serve", "--store", store, "--jobs", $"postgres:{pg.Database.ConnectionString}", "--data", dir.File("data-dir"), "--host-id", "host-k",
                "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["PERTURBKG_ADMIN_TOKEN"] = token });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await server.WaitHealthyAsync(http);

        var response = await http.PostAsJsonAsync("/api/train", TinyDataset.LongTraining, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("run").GetProperty("id").GetString()!;
        var registry = new RunRegistry(pg.Database);
        var running = await JobsHostHarness.WaitAsync(registry, runId, r => r.State == RunState.Running && r.Progress > 0, Long);

        await server.KillAsync();
        Assert.Equal(RunState.Running, (await registry.GetAsync(runId, Ct))!.State);

        await using var restarted = new JobsHostHarness(pg.Database, dir.File("data-dir"), "host-k");
        await restarted.StartAsync();
        var run = (await registry.GetAsync(runId, Ct))!;

        Assert.Equal(RunState.Failed, run.State);
        Assert.StartsWith("Orphaned: host host-k stopped while the run was running", run.Error);
        await WaitForJobStateAsync(restarted, running.JobId!, "Failed");
        await Task.Delay(3000, Ct);
        var training = Assert.Single(await registry.ListAsync(10, RunKinds.Train, Ct));
        Assert.Equal((runId, RunState.Failed, 1), (training.Id, training.State, training.Attempt));
        Assert.Equal(1, restarted.Executions(running.JobId!));
    }

    [Fact]
    public async Task OrphanedIngestion_RunsAgainAsAttempt2_AndSucceeds()
    {
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        var database = JobDatabase.Sqlite(dir.File("jobs.db"));
        string runId;
        await using (var crashed = new JobsHostHarness(database, dir.File("runs"), "host-o"))
        {
            runId = (await crashed.SendAsync(new StartIngestion($"sqlite:{dir.File("store.db")}", files))).Id;
        }

        // What a crash mid-ingestion leaves in the registry: running on host-o, heartbeat gone quiet.
        await using (var connection = await database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE job_runs SET state = 'running', host = 'host-o', started_at = '{DateTime.UtcNow.AddMinutes(-1):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}', " +
                $"heartbeat = '{DateTime.UtcNow.AddSeconds(-5):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}' WHERE id = '{runId}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        await using var host = new JobsHostHarness(database, dir.File("runs"), "host-o");
        await host.StartAsync();
        var done = await host.WaitAsync(runId, r => r.IsFinished, Long);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(2, done.Attempt);
        Assert.Contains("Orphaned: host host-o stopped while the run was running", done.LogTail);
        Assert.Contains("Attempt 2 of 3 queued.", done.LogTail);
        Assert.Single(await host.Registry.ListAsync(10, RunKinds.Ingest, Ct));
    }

    [Fact]
    public async Task CancelFromApi_StopsRunningTraining_AndDeletesItsJob()
    {
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        await using var host = new JobsHostHarness(JobDatabase.Sqlite(dir.File("jobs.db")), dir.File("runs"), "host-x");
        await host.StartAsync();
        var started = await host.SendAsync(new StartTraining(store, LongTrainingOptions()));
        await host.WaitAsync(started.Run.Id, r => r.State == RunState.Running && r.Progress > 0, Long);

        await host.SendAsync(new CancelRun(started.Run.Id));
        var run = await host.WaitAsync(started.Run.Id, r => r.IsFinished, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Cancelled, run.State);
        Assert.Equal(RunExecutor.CancelledOnRequest, run.Error);
        Assert.Contains("Cancelled: Cancelled on request.", run.LogTail);
        await WaitForJobStateAsync(host, run.JobId!, "Deleted");
        await Assert.ThrowsAsync<PerturbKG.Store.Predictions.ConflictException>(() => host.SendAsync(new CancelRun(run.Id)));
    }

    [Fact]
    public async Task DeleteInDashboard_StopsRunningTraining()
    {
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        await using var host = new JobsHostHarness(JobDatabase.Sqlite(dir.File("jobs.db")), dir.File("runs"), "host-d");
        await host.StartAsync();
        var started = await host.SendAsync(new StartTraining(store, LongTrainingOptions()));
        await host.WaitAsync(started.Run.Id, r => r.State == RunState.Running && r.Progress > 0, Long);

        // What the dashboard's Delete button does: move the job to Deleted.
        Assert.True(host.Services.GetRequiredService<IBackgroundJobClient>().Delete(started.Run.JobId!));
        var run = await host.WaitAsync(started.Run.Id, r => r.IsFinished, TimeSpan.FromSeconds(30));

        Assert.Equal(RunState.Cancelled, run.State);
        Assert.Equal(RunExecutor.DeletedInDashboard, run.Error);
        Assert.Equal("Deleted", host.Job(run.JobId!).History[0].StateName);
    }

    [Fact]
    public async Task RequeueInDashboard_ReopensCancelledRun_AsNextAttempt()
    {
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        await using var host = new JobsHostHarness(JobDatabase.Sqlite(dir.File("jobs.db")), dir.File("runs"), "host-r");
        var started = await host.SendAsync(new StartTraining(store, new RetrainInput { Seeds = 1, Epochs = 2, Ablations = [], Models = ["mlp", "mean"], WriteBack = false }.ToOptions()));
        await host.SendAsync(new CancelRun(started.Run.Id));
        Assert.Equal(RunState.Cancelled, (await host.Registry.GetAsync(started.Run.Id, Ct))!.State);

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(started.Run.JobId!));
        var done = await host.WaitAsync(started.Run.Id, r => r.State == RunState.Succeeded, Long);

        Assert.Equal(2, done.Attempt);
        Assert.Contains("Requeued from deleted in the Hangfire dashboard", done.LogTail);
    }

    [Fact]
    public async Task TwoWorkerProcesses_OnOnePostgres_RunEachOf20JobsExactlyOnce()
    {
        await using var pg = await TestPostgres.CreateAsync();
        using var dir = new TempDirectory();
        var files = TinyDataset.Files(dir);
        var jobs = $"postgres:{pg.Database.ConnectionString}";
        using var workerA = new PerturbKgProcess(["worker", "--jobs", jobs, "--data", dir.File("data"), "--host-id", "worker-a", "--workers", "2"]);
        using var workerB = new PerturbKgProcess(["worker", "--jobs", jobs, "--data", dir.File("data"), "--host-id", "worker-b", "--workers", "2"]);
        await using var front = new JobsHostHarness(pg.Database, dir.File("data"), "front", o => o with { RunsServer = false });
        await WaitForServersAsync(front, 2, workerA, workerB);

        var runs = new List<JobRun>();
        for (var i = 0; i < 20; i++)
        {
            runs.Add(await front.SendAsync(new StartIngestion($"sqlite:{dir.File($"store-{i}.db")}", files)));
        }

        var done = new List<JobRun>();
        foreach (var run in runs)
        {
            done.Add(await front.WaitAsync(run.Id, r => r.IsFinished, TimeSpan.FromMinutes(3)));
        }

        Assert.All(done, r => Assert.Equal((RunState.Succeeded, 1), (r.State, r.Attempt)));
        foreach (var run in done)
        {
            await WaitForJobStateAsync(front, run.JobId!, "Succeeded");
            Assert.Equal(1, front.Executions(run.JobId!));
        }

        var hosts = done.GroupBy(r => r.Host).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(["worker-a", "worker-b"], hosts.Keys.Order());
        TestContext.Current.SendDiagnosticMessage($"jobs per worker: {string.Join(", ", hosts.Select(h => $"{h.Key} {h.Value}"))}");
    }

    [Fact]
    public async Task TrainingLongerThanInvisibilityTimeout_RunsOnce_OnEmbeddedSqlite()
    {
        using var dir = new TempDirectory();
        await TrainingOutlivesInvisibility(JobDatabase.Sqlite(dir.File("jobs.db")), dir);
    }

    [Fact]
    public async Task TrainingLongerThanInvisibilityTimeout_RunsOnce_OnPostgres()
    {
        await using var pg = await TestPostgres.CreateAsync();
        using var dir = new TempDirectory();
        await TrainingOutlivesInvisibility(pg.Database, dir);
    }

    [Fact]
    public async Task SecondFetchOfARunningJob_WaitsForIt_InsteadOfRunningItTwice()
    {
        // Without the SQLite keep-alive, Hangfire hands the job to a second worker every 2 s while it trains; the run's
        // registry entry makes those executions wait, and the first one is not aborted by them.
        using var dir = new TempDirectory();
        var store = await TinyDataset.StoreAsync(dir);
        var timeout = TimeSpan.FromSeconds(2);
        await using var host = new JobsHostHarness(JobDatabase.Sqlite(dir.File("jobs.db")), dir.File("runs"), "host-t",
            o => o with { InvisibilityTimeout = timeout, Workers = 3 },
            services => services.AddSingleton<IQueueKeepAlive>(new SlidingQueueKeepAlive()));
        await host.StartAsync();
        var options = new RetrainInput { Seeds = 3, Epochs = 40, Ablations = [], Models = ["gat", "mlp", "mean"], WriteBack = false }.ToOptions();
        var started = await host.SendAsync(new StartTraining(store, options));
        var run = await host.WaitAsync(started.Run.Id, r => r.IsFinished, TimeSpan.FromMinutes(4));

        Assert.Equal((RunState.Succeeded, 1), (run.State, run.Attempt));
        Assert.True(run.Duration > timeout * 3, $"the run took {run.Duration}; it must outlive the {timeout} invisibility timeout for this test to mean anything");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.LogTail, @"on a \w+ split"));
        await WaitForJobStateAsync(host, run.JobId!, "Succeeded");
        Assert.True(host.Executions(run.JobId!) >= 2, "Hangfire fetched the job again while it ran (the situation under test)");
    }

    private static async Task TrainingOutlivesInvisibility(JobDatabase database, TempDirectory dir)
    {
        var store = await TinyDataset.StoreAsync(dir);
        var timeout = TimeSpan.FromSeconds(3);
        await using var host = new JobsHostHarness(database, dir.File("runs"), "host-i", o => o with { InvisibilityTimeout = timeout, Workers = 3 });
        await host.StartAsync();
        var options = new RetrainInput { Seeds = 3, Epochs = 40, Ablations = [], Models = ["gat", "mlp", "mean"], WriteBack = false }.ToOptions();
        var started = await host.SendAsync(new StartTraining(store, options));
        var run = await host.WaitAsync(started.Run.Id, r => r.IsFinished, TimeSpan.FromMinutes(4));

        Assert.Equal((RunState.Succeeded, 1), (run.State, run.Attempt));
        Assert.True(run.Duration > timeout * 2, $"the run took {run.Duration}; it must outlive the {timeout} invisibility timeout for this test to mean anything");
        await WaitForJobStateAsync(host, run.JobId!, "Succeeded");
        Assert.Equal(1, host.Executions(run.JobId!));
    }

    private static PerturbKG.Jobs.Training.TrainingRunOptions LongTrainingOptions() =>
        new RetrainInput { Seeds = 20, Epochs = 10000, Hidden = 256, Layers = 4 }.ToOptions();

    private static async Task WaitForJobStateAsync(JobsHostHarness host, string jobId, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && host.Job(jobId).History.FirstOrDefault()?.StateName != state)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(state, host.Job(jobId).History.FirstOrDefault()?.StateName);
    }

    private static async Task WaitForServersAsync(JobsHostHarness host, int count, params PerturbKgProcess[] processes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && host.Storage.GetMonitoringApi().Servers().Count < count)
        {
            foreach (var process in processes)
            {
                Assert.False(process.HasExited, $"a worker exited:\n{process.Output}");
            }

            await Task.Delay(200, Ct);
        }

        Assert.Equal(count, host.Storage.GetMonitoringApi().Servers().Count);
    }
}
