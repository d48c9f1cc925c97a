using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// Executes one run for its Hangfire job: claims it in the registry (so it runs once, and training once per store),
/// runs its work with a heartbeat that records progress and the log tail, picks up cancel requests and keeps the job's
/// queue entry fetched, and records how it ended. A job fetched again while its run is running either waits for the
/// execution that is alive or, when that execution's process died, hands the run to <see cref="RunRecovery"/>.
/// </summary>
public sealed class RunExecutor(RunRegistry registry, RunningRuns running, IEnumerable<IRunWork> works, RunRecovery recovery, JobQueue queue,
    IQueueKeepAlive keepAlive, JobStorage storage, IHostApplicationLifetime lifetime, JobsOptions options, ILogger<RunExecutor> logger)
{
    public const string HostStopping = "The host stopped while the run was running.";
    public const string CancelledOnRequest = "Cancelled on request.";
    public const string DeletedInDashboard = "Its Hangfire job was deleted (dashboard or API).";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ReadOnlySetConverter() } };

    /// <summary>Executes the run; throws when Hangfire should show the job failed (the run failed, or it may not run again).</summary>
    public async Task ExecuteAsync(string runId, string? jobId, CancellationToken jobToken)
    {
        var run = await registry.GetAsync(runId, jobToken)
            ?? throw new RunNotRerunException($"Run {runId} is not in the job registry ({registry.Database}).");
        if (jobId is not null && run.JobId != jobId)
        {
            await registry.SetJobIdAsync(runId, jobId, jobToken);
            run = run with { JobId = jobId };
        }

        if (run.State == RunState.Running)
        {
            run = await TakeOverAsync(run, jobToken);
        }

        switch (run.State)
        {
            case RunState.Succeeded:
                logger.LogInformation("Run {RunId} already succeeded; its job has nothing left to do", runId);
                return;
            case RunState.Cancelled:
                logger.LogInformation("Run {RunId} was cancelled; not starting it", runId);
                queue.DeleteJob(run.JobId);
                return;
            case RunState.Failed:
                throw new RunNotRerunException($"Run {runId} has failed and is not run again: {run.Error}");
        }

        await StartAsync(run, jobToken);
        var work = works.FirstOrDefault(w => w.Kinds.Contains(run.Kind));
        if (work is null)
        {
            var error = $"No work is registered for runs of kind '{run.Kind}'.";
            await registry.FinishAsync(runId, RunState.Failed, null, error, null, CancellationToken.None);
            throw new RunNotRerunException(error);
        }

        var entry = running.Add(runId, CancellationToken.None);
        await using var onJobCancelled = jobToken.Register(() => _ = JobCancelledAsync(runId, run.JobId));
        var reporter = new RunReporter(runId, run.LogTail);
        RunReporter.Current = reporter;
        using var stopBeating = new CancellationTokenSource();
        var heartbeat = Task.Factory.StartNew(() => Beat(reporter, run.JobId, stopBeating.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
            if (entry.Reason == HostStopping)
            {
                reporter.Log("Interrupted: the host is stopping.");
                // Hangfire puts the job back in the queue on shutdown; a training run's job is failed now so it never runs again.
                await recovery.RecoverAsync(run with { LogTail = reporter.Snapshot().Tail }, HostStopping, CancellationToken.None,
                    changeJob: !RunKinds.RetriesAfterCrash(run.Kind));
                throw;
            }

            var reason = entry.Reason ?? CancelledOnRequest;
            reporter.Log($"Cancelled: {reason}");
            await registry.FinishAsync(runId, RunState.Cancelled, null, reason, reporter.Snapshot().Tail, CancellationToken.None);
            queue.DeleteJob(run.JobId);
        }
        catch (Exception e)
        {
            reporter.Log($"FAILED {e.GetType().Name}: {e.Message}");
            logger.LogWarning("Run {RunId} failed: {Error}", runId, e.Message);
            await StopAsync(stopBeating, heartbeat);
            await registry.FinishAsync(runId, RunState.Failed, null, e.Message, reporter.Snapshot().Tail, CancellationToken.None);
            throw;
        }
        finally
        {
            RunReporter.Current = null;
            running.Remove(runId);
        }
    }

    // Hangfire cancels a job's token when the host stops, when the job is deleted, and when another worker fetched the
    // job again (its invisibility timeout passed): only the first two stop the run; in the third, this execution carries
    // on and the other one waits for it (TakeOverAsync).
    private async Task JobCancelledAsync(string runId, string? jobId)
    {
        try
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                running.Cancel(runId, HostStopping);
                return;
            }

            await Task.Yield();
            using var connection = storage.GetConnection();
            var state = jobId is null ? null : connection.GetStateData(jobId)?.Name;
            if (state == "Processing")
            {
                logger.LogWarning("Run {RunId}: its job {JobId} was fetched again by another worker; this execution carries on, that one waits", runId, jobId);
                return;
            }

            var run = await registry.GetAsync(runId, CancellationToken.None);
            running.Cancel(runId, run is { CancelRequested: true, Error: { } asked } ? asked
                : state is null ? CancelledOnRequest : state == "Deleted" ? DeletedInDashboard : $"Cancelled: its Hangfire job moved to {state}.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Run {RunId}: could not tell why its job was cancelled ({Error}); stopping it", runId, e.Message);
            running.Cancel(runId, CancelledOnRequest);
        }
    }

    // The run is queued: start it now, or (training, when another training run holds the store after all) wait for its turn here.
    private async Task StartAsync(JobRun run, CancellationToken jobToken)
    {
        string? waitingFor = null;
        while (!await registry.TryStartAsync(run, options.HostId, jobToken))
        {
            var now = await registry.GetAsync(run.Id, jobToken);
            if (now is null || now.State != RunState.Queued || now.CancelRequested)
            {
                throw new RunNotRerunException($"Run {run.Id} is {now?.State.ToString().ToLowerInvariant() ?? "gone"}; not starting it.");
            }

            var ahead = await registry.TrainingAheadAsync(run.Id, jobToken);
            if (ahead?.Id != waitingFor)
            {
                waitingFor = ahead?.Id;
                logger.LogInformation("Run {RunId} waits for {Ahead}: one training run per store at a time", run.Id, waitingFor);
            }

            await Task.Delay(options.TrainingRecheck, jobToken);
        }
    }

    // A job fetched again while its run is running: wait for the execution that is alive, or recover the run when it died.
    private async Task<JobRun> TakeOverAsync(JobRun run, CancellationToken jobToken)
    {
        var logged = false;
        while (run.State == RunState.Running)
        {
            var silent = DateTimeOffset.UtcNow - (run.Heartbeat ?? DateTimeOffset.MinValue);
            var sameHostRestarted = run.Host == options.HostId && !running.Ids.Contains(run.Id) && silent > RunRecovery.HostQuietFor;
            if (silent > options.OrphanAfter || sameHostRestarted)
            {
                await recovery.RecoverAsync(run, RunRecovery.OrphanReason(run, sameHostRestarted), jobToken, changeJob: false);
            }
            else
            {
                if (!logged)
                {
                    logged = true;
                    logger.LogWarning("Run {RunId} is running on {Host} already; this fetch of its job waits for that execution instead of running it twice", run.Id, run.Host);
                }

                await Task.Delay(options.Heartbeat, jobToken);
            }

            run = await registry.GetAsync(run.Id, jobToken) ?? throw new RunNotRerunException($"Run {run.Id} left the job registry.");
        }

        return run;
    }

    // Keeps the job's queue entry fetched, records progress and the log tail every heartbeat, and turns a cancel request
    // into a cancellation. It runs on its own thread, touching the queue entry first and at once: training keeps every
    // core and the thread pool busy, and a beat delayed past the invisibility timeout would let Hangfire fetch the job again.
    private void Beat(RunReporter reporter, string? jobId, CancellationToken stop)
    {
        do
        {
            try
            {
                if (jobId is not null)
                {
                    keepAlive.TouchAsync(jobId, CancellationToken.None).GetAwaiter().GetResult();
                }

                var (progress, stage, tail) = reporter.Snapshot();
                if (registry.ReportAsync(reporter.RunId, progress, stage, tail, CancellationToken.None).GetAwaiter().GetResult() is { } reason)
                {
                    running.Cancel(reporter.RunId, reason);
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Run {RunId}: could not record progress ({Error}); will try again", reporter.RunId, e.Message);
            }
        }
        while (!stop.WaitHandle.WaitOne(options.Heartbeat));
    }

    private static async Task StopAsync(CancellationTokenSource stopBeating, Task heartbeat)
    {
        await stopBeating.CancelAsync();
        await heartbeat;
    }
}
