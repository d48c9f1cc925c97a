using System.Text.Json;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// Executes one queued run by id: claims it in the registry (so it runs once), runs its work with a heartbeat that
/// records progress and the log tail and picks up cancel requests, and records how it ended.
/// </summary>
public sealed class RunExecutor(RunRegistry registry, RunningRuns running, IEnumerable<IRunWork> works, RunRecovery recovery,
    JobsOptions options, ILogger<RunExecutor> logger)
{
    public const string HostStopping = "The host stopped while the run was running.";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ReadOnlySetConverter() } };

    public async Task ExecuteAsync(string runId, CancellationToken hostToken)
    {
        var run = await registry.GetAsync(runId, hostToken);
        if (run is null)
        {
            logger.LogWarning("Run {RunId} is not in the registry; nothing to do", runId);
            return;
        }

        if (run.State != RunState.Queued || !await registry.TryStartAsync(runId, options.HostId, hostToken))
        {
            logger.LogInformation("Run {RunId} is {State}, not queued; not starting it", runId, run.State);
            return;
        }

        var work = works.FirstOrDefault(w => w.Kinds.Contains(run.Kind));
        if (work is null)
        {
            await registry.FinishAsync(runId, RunState.Failed, null, $"No work is registered for runs of kind '{run.Kind}'.", null, CancellationToken.None);
            return;
        }

        var entry = running.Add(runId, hostToken);
        var reporter = new RunReporter(runId);
        RunReporter.Current = reporter;
        using var stopBeating = new CancellationTokenSource();
        var heartbeat = BeatAsync(reporter, stopBeating.Token);
        try
        {
            logger.LogInformation("Run {RunId} ({Kind}) started on {Host}, attempt {Attempt}", runId, run.Kind, options.HostId, run.Attempt);
            var result = await work.RunAsync(run with { State = RunState.Running }, reporter, entry.Source.Token);
            logger.LogInformation("Run {RunId} succeeded", runId);
            await StopAsync(stopBeating, heartbeat);
            await registry.FinishAsync(runId, RunState.Succeeded, result is null ? null : JsonSerializer.Serialize(result, result.GetType(), Json), null,
                reporter.Snapshot().Tail, CancellationToken.None);
        }
        catch (OperationCanceledException) when (entry.Source.IsCancellationRequested)
        {
            await StopAsync(stopBeating, heartbeat);
            if (hostToken.IsCancellationRequested || entry.Reason == HostStopping)
            {
                reporter.Log("Interrupted: the host is stopping.");
                await recovery.RecoverAsync(run with { LogTail = reporter.Snapshot().Tail }, HostStopping, CancellationToken.None);
            }
            else
            {
                reporter.Log($"Cancelled: {entry.Reason}");
                await registry.FinishAsync(runId, RunState.Cancelled, null, entry.Reason ?? "Cancelled on request.", reporter.Snapshot().Tail, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            reporter.Log($"FAILED {e.GetType().Name}: {e.Message}");
            logger.LogWarning("Run {RunId} failed: {Error}", runId, e.Message);
            await StopAsync(stopBeating, heartbeat);
            await registry.FinishAsync(runId, RunState.Failed, null, e.Message, reporter.Snapshot().Tail, CancellationToken.None);
        }
        finally
        {
            RunReporter.Current = null;
            running.Remove(runId);
        }
    }

    // Records progress and the log tail every heartbeat; a cancel request found in the registry cancels the run here.
    private async Task BeatAsync(RunReporter reporter, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Heartbeat, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var (progress, stage, tail) = reporter.Snapshot();
                if (await registry.ReportAsync(reporter.RunId, progress, stage, tail, CancellationToken.None))
                {
                    running.Cancel(reporter.RunId, "Cancelled on request.");
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Run {RunId}: could not record progress ({Error}); will try again", reporter.RunId, e.Message);
            }
        }
    }

    private static async Task StopAsync(CancellationTokenSource stopBeating, Task heartbeat)
    {
        await stopBeating.CancelAsync();
        await heartbeat;
    }
}
