using Quartz;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>The Quartz job for training runs of one store: never concurrent, so further runs wait their turn.</summary>
[DisallowConcurrentExecution]
public sealed class TrainingRunJob(RunExecutor executor) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await executor.ExecuteAsync(context.MergedJobDataMap.GetString(JobQueue.RunIdKey)!, cancellationToken);
}
