using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using PerturbKG.Jobs.Ingestion;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Jobs.Training;

namespace PerturbKG.Jobs;

/// <summary>Wires the work the product runs: training and write-back, and (for a server) the background job machinery.</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<TrainingRun>();
        services.AddSingleton<RunEvaluation>();
        services.AddSingleton<RunCache>();
        return services;
    }

    /// <summary>
    /// Background runs: the registry, the executor and its work kinds, Quartz on the same database (SQLite file or
    /// PostgreSQL, tables created when missing), and the hosted service that sweeps orphans and starts the scheduler.
    /// </summary>
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, JobsOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new RunRegistry(options.Database));
        services.AddSingleton<RunningRuns>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<RunRecovery>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton(provider => new Lazy<JobQueue>(provider.GetRequiredService<JobQueue>));
        services.AddSingleton<IRunWork, IngestionWork>();
        services.AddSingleton<IRunWork, TrainingWork>();
        services.AddSingleton<IRunWork, WriteBackWork>();
        services.AddSingleton<ILoggerProvider, RunLogProvider>();
        services.AddTransient<BackgroundRunJob>();
        services.AddTransient<TrainingRunJob>();
        services.AddTransient<ReingestJob>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.InstanceId = options.HostId;
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrentRuns + 1);
            quartz.UsePersistentStore(store =>
            {
                if (options.Database.Kind == JobDatabaseKind.Postgres)
                {
                    store.UsePostgres(options.Database.ConnectionString);
                }
                else
                {
                    SQLitePCL.Batteries_V2.Init();
                    // Make sure the file's folder exists before Quartz opens it.
                    options.Database.Open().Dispose();
                    store.UseSqlite(SqliteFactory.Instance, options.Database.ConnectionString);
                }

                store.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.CreateIfMissing);
            });
        });
        services.AddSingleton<JobsHost>();
        services.AddHostedService(provider => provider.GetRequiredService<JobsHost>());
        return services;
    }
}
