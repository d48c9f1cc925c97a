using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Runs before the Hangfire server starts: recovers runs a crash of this host cut short (so a re-fetched training job
/// finds its run already failed), then keeps sweeping for runs of processes that went quiet.
/// </summary>
public sealed class JobsHost(RunRecovery recovery, JobsOptions options, ILogger<JobsHost> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _sweeper;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var orphans = await recovery.SweepAtStartAsync(cancellationToken);
        if (orphans.Count > 0)
        {
            logger.LogWarning("Recovered {Count} orphaned runs", orphans.Count);
        }

        logger.LogInformation("Jobs: host {Host}, registry {Database}, {Workers}", options.HostId, options.Database,
            options.RunsServer ? $"{options.Workers} Hangfire workers" : "no workers");
        _sweeper = SweepAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
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
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning("Orphan sweep failed: {Error}", e.Message);
            }
        }
    }
}
