using Quartz;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>The Quartz job for ingestion and write-back runs: its trigger carries a run id, nothing else.</summary>
public sealed class BackgroundRunJob(RunExecutor executor) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await executor.ExecuteAsync(context.MergedJobDataMap.GetString(JobQueue.RunIdKey)!, cancellationToken);
}
