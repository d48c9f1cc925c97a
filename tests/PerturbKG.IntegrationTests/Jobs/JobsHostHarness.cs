using Hangfire;
using Hangfire.Storage.Monitoring;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PerturbKG.Admin;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>
/// The background-jobs part of the server (registry, Hangfire storage and server, executor, recovery sweep) without
/// the web, as a generic host that can be started and stopped like <c>perturbkg worker</c>.
/// </summary>
public sealed class JobsHostHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;
    private bool _stopped;

    public JobsHostHarness(JobDatabase database, string dataDirectory, string hostId, Func<JobsOptions, JobsOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var options = new JobsOptions
        {
            Database = database,
            DataDirectory = dataDirectory,
            HostId = hostId,
            Heartbeat = TimeSpan.FromMilliseconds(300),
            QueuePollInterval = TimeSpan.FromMilliseconds(200),
            SchedulePollInterval = TimeSpan.FromMilliseconds(500),
            TrainingRecheck = TimeSpan.FromMilliseconds(500),
        };
        Options = configure?.Invoke(options) ?? options;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAdmin();
        builder.Services.AddBackgroundJobs(Options);
        services?.Invoke(builder.Services);
        _host = builder.Build();
    }

    public JobsOptions Options { get; }

    public IServiceProvider Services => _host.Services;

    public JobQueue Queue => _host.Services.GetRequiredService<JobQueue>();

    public RunRegistry Registry => _host.Services.GetRequiredService<RunRegistry>();

    public JobStorage Storage => _host.Services.GetRequiredService<JobStorage>();

    public Task<T> SendAsync<T>(IRequest<T> request)
    {
        var scope = _host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, TestContext.Current.CancellationToken);
    }

    public async Task StartAsync()
    {
        _started = true;
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    public async Task StopAsync()
    {
        if (_started && !_stopped)
        {
            _stopped = true;
            await _host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Hangfire's record of a job: its current state and every state it went through.</summary>
    public JobDetailsDto Job(string jobId) => Storage.GetMonitoringApi().JobDetails(jobId);

    /// <summary>How many times Hangfire moved the job to Processing (a worker started executing it).</summary>
    public int Executions(string jobId) => Job(jobId).History.Count(h => h.StateName == "Processing");

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
        _host.Dispose();
    }
}
