using Microsoft.Extensions.Logging;
using Quartz;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>A re-ingestion schedule firing: queues a re-ingest run from the schedule's stored parameters (the trigger carries only the schedule id).</summary>
[DisallowConcurrentExecution]
public sealed class ReingestJob(RunRegistry registry, JobQueue queue, ILogger<ReingestJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = context.MergedJobDataMap.GetString(JobQueue.ScheduleIdKey)!;
        var schedule = await registry.GetScheduleAsync(id, cancellationToken);
        if (schedule is null)
        {
            logger.LogWarning("Schedule {ScheduleId} is gone; nothing to re-ingest", id);
            return;
        }

        var run = await queue.SubmitAsync(RunKinds.Reingest, schedule.Store, schedule.Parameters, cancellationToken, scheduleId: schedule.Id);
        logger.LogInformation("Schedule {ScheduleId} ({Name}) queued re-ingestion run {RunId}", id, schedule.Name, run.Id);
    }
}
