using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using PerturbKG.Jobs.Runs;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Puts runs on Hangfire: a run is a registry row plus a Hangfire job carrying only its id. Cancelling deletes the job
/// (which stops it wherever it runs); schedules are Hangfire recurring jobs carrying a schedule id.
/// </summary>
public sealed class JobQueue(IBackgroundJobClient jobs, IRecurringJobManager recurring, JobStorage storage, RunRegistry registry, RunningRuns running)
{
    /// <summary>Records a new run as queued and enqueues its job.</summary>
    public async Task<JobRun> SubmitAsync(string kind, string store, string parameters, CancellationToken ct, JobRun? retryOf = null, string? scheduleId = null)
    {
        var run = await RecordAsync(kind, store, parameters, null, scheduleId, ct, retryOf);
        try
        {
            var jobId = jobs.Create(JobFor(kind, run.Id), new EnqueuedState());
            await registry.SetJobIdAsync(run.Id, jobId, ct);
            return run with { JobId = jobId };
        }
        catch (Exception e) when (e is BackgroundJobClientException or System.Data.Common.DbException)
        {
            await registry.FinishAsync(run.Id, RunState.Failed, null, $"Could not be queued: {e.Message}", null, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Records a run in the registry without enqueueing it (a schedule's firing records its own run).</summary>
    public async Task<JobRun> RecordAsync(string kind, string store, string parameters, string? jobId, string? scheduleId, CancellationToken ct, JobRun? retryOf = null)
    {
        var run = new JobRun
        {
            Id = NewRunId(),
            Kind = kind,
            Store = store,
            Parameters = parameters,
            CreatedAt = DateTimeOffset.UtcNow,
            Attempt = 1,
            RetryOf = retryOf?.Id,
            ScheduleId = scheduleId,
            JobId = jobId,
        };
        await registry.CreateAsync(run, ct);
        return run;
    }

    /// <summary>Runs a failed or cancelled run again, as a new run that points back to it.</summary>
    public async Task<JobRun> RetryAsync(JobRun run, CancellationToken ct) =>
        await SubmitAsync(run.Kind, run.Store, run.Parameters, ct, retryOf: run, scheduleId: run.ScheduleId);

    /// <summary>Cancels a run: a queued one never starts; a running one stops at its next batch, in whichever process runs it.</summary>
    public async Task<JobRun?> CancelAsync(string runId, CancellationToken ct)
    {
        var run = await registry.RequestCancelAsync(runId, RunExecutor.CancelledOnRequest, ct);
        if (run is null)
        {
            return null;
        }

        running.Cancel(runId, RunExecutor.CancelledOnRequest);
        if (run.JobId is not null)
        {
            jobs.Delete(run.JobId);
        }

        return run;
    }

    /// <summary>Marks a run's job failed in Hangfire (a training run a crash cut short is never run again).</summary>
    internal void FailJob(JobRun run, string reason)
    {
        if (run.JobId is not null)
        {
            jobs.ChangeState(run.JobId, new FailedState(new RunNotRerunException(reason)) { Reason = reason }, null);
        }
    }

    /// <summary>Puts an orphaned run's job back in the queue (the registry already made it the next attempt).</summary>
    internal async Task RequeueJobAsync(JobRun run, string reason, CancellationToken ct)
    {
        if (run.JobId is null || !jobs.ChangeState(run.JobId, new EnqueuedState { Reason = reason }, null))
        {
            var jobId = jobs.Create(JobFor(run.Kind, run.Id), new EnqueuedState { Reason = reason });
            await registry.SetJobIdAsync(run.Id, jobId, ct);
        }
    }

    /// <summary>Deletes a run's job in Hangfire, if it is still there.</summary>
    internal void DeleteJob(string? jobId)
    {
        if (jobId is not null)
        {
            jobs.Delete(jobId);
        }
    }

    public async Task<Schedule> AddScheduleAsync(string name, string cron, string store, string parameters, CancellationToken ct)
    {
        var schedule = new Schedule($"sched-{RandomNumberGenerator.GetHexString(8, lowercase: true)}", name, cron, store, parameters, DateTimeOffset.UtcNow);
        await registry.AddScheduleAsync(schedule, ct);
        AddRecurring(schedule);
        return schedule;
    }

    public async Task<IReadOnlyList<ScheduleStatus>> ListSchedulesAsync(CancellationToken ct)
    {
        var schedules = await registry.ListSchedulesAsync(ct);
        using var connection = storage.GetConnection();
        var recurringJobs = connection.GetRecurringJobs(schedules.Select(s => s.Id).ToList()).ToDictionary(j => j.Id);
        return schedules.Select(s => recurringJobs.TryGetValue(s.Id, out var job) && !job.Removed
                ? new ScheduleStatus(s, Utc(job.NextExecution), Utc(job.LastExecution), s.Paused)
                : new ScheduleStatus(s, null, null, Paused: true))
            .ToList();
    }

    /// <summary>Pausing removes the recurring job; resuming adds it again from the registry's copy.</summary>
    public async Task PauseScheduleAsync(string id, CancellationToken ct)
    {
        await registry.SetSchedulePausedAsync(id, true, ct);
        recurring.RemoveIfExists(id);
    }

    public async Task ResumeScheduleAsync(string id, CancellationToken ct)
    {
        var schedule = await registry.GetScheduleAsync(id, ct) ?? throw new NotFoundException("schedule", id, [], "the job registry");
        await registry.SetSchedulePausedAsync(id, false, ct);
        AddRecurring(schedule);
    }

    public Task TriggerScheduleAsync(string id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = storage.GetConnection();
        if (connection.GetRecurringJobs([id]).FirstOrDefault() is not { Removed: false })
        {
            throw new ConflictException($"Schedule {id} is paused; resume it before running it now.");
        }

        recurring.Trigger(id);
        return Task.CompletedTask;
    }

    public async Task DeleteScheduleAsync(string id, CancellationToken ct)
    {
        recurring.RemoveIfExists(id);
        await registry.DeleteScheduleAsync(id, ct);
    }

    private void AddRecurring(Schedule schedule) =>
        recurring.AddOrUpdate<RunJobs>(schedule.Id, j => j.Reingest(schedule.Id, null, CancellationToken.None), schedule.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    private static Hangfire.Common.Job JobFor(string kind, string runId)
    {
        Expression<Func<RunJobs, Task>> call = kind switch
        {
            RunKinds.Train => j => j.Train(runId, null, CancellationToken.None),
            RunKinds.Ingest or RunKinds.Reingest => j => j.Ingest(runId, null, CancellationToken.None),
            RunKinds.WriteBack => j => j.WriteBack(runId, null, CancellationToken.None),
            _ => throw new ArgumentException($"No job runs runs of kind '{kind}'.", nameof(kind)),
        };
        return Hangfire.Common.Job.FromExpression(call);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private static string NewRunId() =>
        $"run-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
}

/// <summary>Why Hangfire shows a run's job failed without running it: the run already ended, or a crash cut it short and it is not re-run.</summary>
public sealed class RunNotRerunException(string message) : Exception(message);
