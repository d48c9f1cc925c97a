using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PerturbKG.Admin;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>The background-jobs part of the server (registry, Quartz, executor, hosted service) without the web, as a host that can be started and stopped.</summary>
public sealed class JobsHostHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    public JobsHostHarness(JobDatabase database, string dataDirectory, string hostId, string schedulerName)
    {
        Options = new JobsOptions
        {
            Database = database,
            DataDirectory = dataDirectory,
            HostId = hostId,
            SchedulerName = schedulerName,
            Heartbeat = TimeSpan.FromMilliseconds(300),
        };
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddAdmin();
        services.AddBackgroundJobs(Options);
        _services = services.BuildServiceProvider();
    }

    public JobsOptions Options { get; }

    public JobQueue Queue => _services.GetRequiredService<JobQueue>();

    public RunRegistry Registry => _services.GetRequiredService<RunRegistry>();

    public Task<T> SendAsync<T>(IRequest<T> request)
    {
        var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, TestContext.Current.CancellationToken);
    }

    public Task StartAsync() => _services.GetRequiredService<JobsHost>().StartAsync(TestContext.Current.CancellationToken);

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _services.GetRequiredService<JobsHost>().StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Polls the registry until the run satisfies the condition; fails with the run's last state after the timeout.</summary>
    public async Task<JobRun> WaitAsync(string runId, Func<JobRun, bool> condition, TimeSpan timeout) =>
        await WaitAsync(Registry, runId, condition, timeout);

    public static async Task<JobRun> WaitAsync(RunRegistry registry, string runId, Func<JobRun, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JobRun? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = await registry.GetAsync(runId, TestContext.Current.CancellationToken);
            if (run is not null && condition(run))
            {
                return run;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Run {runId} did not reach the expected state in {timeout}; last: {run?.State} {run?.Error} {run?.LogTail}");
        return run!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
