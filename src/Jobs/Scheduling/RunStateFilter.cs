using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Keeps the run registry and Hangfire's job states in step:
/// <list type="bullet">
/// <item>a training job about to start while another training run on its store runs (or an older one waits) is
/// scheduled again a little later instead, with the run it waits for as the reason the dashboard shows;</item>
/// <item>a job deleted in the dashboard cancels its run (a queued run at once, a running one at its next batch);</item>
/// <item>a failed or deleted job requeued in the dashboard reopens its run as the next attempt.</item>
/// </list>
/// Filters run inside Hangfire's state change, so they only read and write the registry and never throw into it.
/// </summary>
public sealed class RunStateFilter(RunRegistry registry, JobsOptions options, ILogger<RunStateFilter> logger) : IElectStateFilter, IApplyStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not ProcessingState || RunId(context.BackgroundJob.Job, nameof(RunJobs.Train)) is not { } runId)
        {
            return;
        }

        try
        {
            if (registry.TrainingAheadAsync(runId, CancellationToken.None).GetAwaiter().GetResult() is { } ahead)
            {
                context.CandidateState = new ScheduledState(options.TrainingRecheck)
                {
                    Reason = $"Waiting for {ahead.Id} ({ahead.State.ToString().ToLowerInvariant()}): one training run per store at a time.",
                };
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Could not check the training queue for {RunId}: {Error}; the run checks again when it starts", runId, e.Message);
        }
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (RunId(context.BackgroundJob.Job, null) is not { } runId)
        {
            return;
        }

        try
        {
            if (context.NewState is DeletedState)
            {
                registry.RequestCancelAsync(runId, RunExecutor.DeletedInDashboard, CancellationToken.None).GetAwaiter().GetResult();
            }
            else if (context.NewState is EnqueuedState && (context.OldStateName == FailedState.StateName || context.OldStateName == DeletedState.StateName))
            {
                var note = $"Requeued from {context.OldStateName.ToLowerInvariant()} in the Hangfire dashboard: next attempt.";
                if (registry.ReopenAsync(runId, note, [RunState.Failed, RunState.Cancelled], CancellationToken.None)
                    .GetAwaiter().GetResult())
                {
                    logger.LogInformation("Run {RunId} reopened: its job was requeued from {State}", runId, context.OldStateName);
                }
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Could not record Hangfire's {State} for run {RunId}: {Error}", context.NewState.Name, runId, e.Message);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    // The run id of one of our run jobs (optionally of one method), else null.
    private static string? RunId(Job? job, string? method) =>
        job is not null && job.Type == typeof(RunJobs) && job.Method.Name != nameof(RunJobs.Reingest) && (method is null || job.Method.Name == method)
            && job.Args.Count > 0 && job.Args[0] is string id
            ? id
            : null;
}
