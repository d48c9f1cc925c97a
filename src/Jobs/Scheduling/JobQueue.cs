using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Quartz;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Puts runs on the scheduler: a run is a registry row plus a one-off Quartz trigger carrying only its id. Training
/// runs of one store share one non-concurrent Quartz job, so a second one waits for the first (the queue).
/// Re-ingestion schedules are cron triggers on a per-schedule job.
/// </summary>
public sealed class JobQueue(ISchedulerFactory schedulers, RunRegistry registry, RunningRuns running)
{
    public const string RunGroup = "runs";
    public const string TrainingGroup = "training";
    public const string ScheduleGroup = "schedules";
    public const string RunIdKey = "runId";
    public const string ScheduleIdKey = "scheduleId";

    /// <summary>Records a new run as queued and triggers it.</summary>
    public async Task<JobRun> SubmitAsync(string kind, string store, string parameters, CancellationToken ct, JobRun? retryOf = null, string? scheduleId = null)
    {
        var run = new JobRun
        {
            Id = NewRunId(),
            Kind = kind,
            Store = store,
            Parameters = parameters,
            CreatedAt = DateTimeOffset.UtcNow,
            Attempt = (retryOf?.Attempt ?? 0) + 1,
            RetryOf = retryOf?.Id,
            ScheduleId = scheduleId,
        };
        await registry.CreateAsync(run, ct);
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var job = await EnsureJobAsync(scheduler, kind, store, ct);
            var trigger = TriggerBuilder.Create()
                .WithIdentity(run.Id, RunGroup)
                .ForJob(job)
                .UsingJobData(RunIdKey, run.Id)
                .StartNow()
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(trigger, default, ct);
        }
        catch (Exception e) when (e is SchedulerException or System.Data.Common.DbException)
        {
            await registry.FinishAsync(run.Id, RunState.Failed, null, $"Could not be scheduled: {e.Message}", null, CancellationToken.None);
            throw;
        }

        return run;
    }

    /// <summary>Runs a failed or cancelled run again, as a new run that points back to it.</summary>
    public async Task<JobRun> RetryAsync(JobRun run, CancellationToken ct) =>
        await SubmitAsync(run.Kind, run.Store, run.Parameters, ct, retryOf: run, scheduleId: run.ScheduleId);

    /// <summary>Cancels a run: a queued one leaves the scheduler at once; a running one stops at its next batch.</summary>
    public async Task<JobRun?> CancelAsync(string runId, CancellationToken ct)
    {
        var run = await registry.RequestCancelAsync(runId, ct);
        if (run is null)
        {
            return null;
        }

        if (run.State == RunState.Cancelled)
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.UnscheduleJob(new TriggerKey(runId, RunGroup), ct);
        }
        else if (run.State == RunState.Running)
        {
            running.Cancel(runId, "Cancelled on request.");
        }

        return run;
    }

    public async Task<Schedule> AddScheduleAsync(string name, string cron, string store, string parameters, CancellationToken ct)
    {
        var schedule = new Schedule($"sched-{RandomNumberGenerator.GetHexString(8, lowercase: true)}", name, cron, store, parameters, DateTimeOffset.UtcNow);
        await registry.AddScheduleAsync(schedule, ct);
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<ReingestJob>()
            .WithIdentity(schedule.Id, ScheduleGroup)
            .UsingJobData(ScheduleIdKey, schedule.Id)
            .StoreDurably()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(schedule.Id, ScheduleGroup)
            .ForJob(job)
            .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, trigger, default, ct);
        return schedule;
    }

    public async Task<IReadOnlyList<ScheduleStatus>> ListSchedulesAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var statuses = new List<ScheduleStatus>();
        foreach (var schedule in await registry.ListSchedulesAsync(ct))
        {
            var key = new TriggerKey(schedule.Id, ScheduleGroup);
            var trigger = await scheduler.GetTrigger(key, ct);
            var state = await scheduler.GetTriggerState(key, ct);
            statuses.Add(new ScheduleStatus(schedule, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, state == TriggerState.Paused));
        }

        return statuses;
    }

    public async Task PauseScheduleAsync(string id, CancellationToken ct) =>
        await (await schedulers.GetScheduler(ct)).PauseTrigger(new TriggerKey(id, ScheduleGroup), ct);

    public async Task ResumeScheduleAsync(string id, CancellationToken ct) =>
        await (await schedulers.GetScheduler(ct)).ResumeTrigger(new TriggerKey(id, ScheduleGroup), ct);

    public async Task TriggerScheduleAsync(string id, CancellationToken ct) =>
        await (await schedulers.GetScheduler(ct)).TriggerJob(new JobKey(id, ScheduleGroup), new JobDataMap(), ct);

    public async Task DeleteScheduleAsync(string id, CancellationToken ct)
    {
        await (await schedulers.GetScheduler(ct)).DeleteJob(new JobKey(id, ScheduleGroup), ct);
        await registry.DeleteScheduleAsync(id, ct);
    }

    // One durable job per kind; training gets one per store, and that job never runs twice at once.
    private static async Task<JobKey> EnsureJobAsync(IScheduler scheduler, string kind, string store, CancellationToken ct)
    {
        var key = kind == RunKinds.Train ? new JobKey($"train-{StoreKey(store)}", TrainingGroup) : new JobKey(kind, RunGroup);
        if (!await scheduler.Exists(key, ct))
        {
            var job = JobBuilder.Create().OfType(kind == RunKinds.Train ? typeof(TrainingRunJob) : typeof(BackgroundRunJob))
                .RequestRecovery(false)
                .WithIdentity(key).WithDescription(kind == RunKinds.Train ? $"training on {store}" : kind).StoreDurably().Build();
            try
            {
                await scheduler.AddJob(job, new AddJobOptions { Replace = false }, ct);
            }
            catch (ObjectAlreadyExistsException)
            {
                // another request created it first
            }
        }

        return key;
    }

    private static string StoreKey(string store) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(store)))[..16];

    private static string NewRunId() =>
        $"run-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
}
