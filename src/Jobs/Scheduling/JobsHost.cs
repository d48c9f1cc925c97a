using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Starts and stops background work with the host: first marks runs orphaned by a crash as failed, then starts the
/// scheduler (which fires what was queued before the restart), and keeps sweeping for runs of hosts that went quiet.
/// On stop, running jobs are interrupted and recorded before the scheduler shuts down.
/// </summary>
public sealed class JobsHost(ISchedulerFactory schedulers, RunRecovery recovery, RunningRuns running, JobsOptions options, ILogger<JobsHost> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _sweeper;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var orphans = await recovery.SweepAsync(cancellationToken);
        if (orphans.Count > 0)
        {
            logger.LogWarning("Marked {Count} orphaned runs failed", orphans.Count);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.Start(cancellationToken);
        logger.LogInformation("Jobs: scheduler {Scheduler} started on host {Host}, registry {Database}", options.SchedulerName, options.HostId, options.Database);
        _sweeper = SweepAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var id in running.Ids)
        {
            running.Cancel(id, RunExecutor.HostStopping);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.Shutdown(true, cancellationToken);
        if (_sweeper is not null)
        {
            await _sweeper;
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var period = options.OrphanAfter / 2;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, ct);
                await recovery.SweepAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or SchedulerException)
            {
                logger.LogWarning("Orphan sweep failed: {Error}", e.Message);
            }
        }
    }
}
