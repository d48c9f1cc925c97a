using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PerturbKG.Jobs.Ingestion;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Jobs.Training;

namespace PerturbKG.Jobs;

/// <summary>Wires the work the product runs: training and write-back, and (for a server or worker) the background job machinery.</summary>
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
    /// Background runs: the registry, the executor and its work kinds, Hangfire on PostgreSQL (server mode) or a SQLite
    /// file beside the registry (embedded default), the recovery sweep, and — unless <see cref="JobsOptions.RunsServer"/>
    /// is off — a Hangfire server with <see cref="JobsOptions.Workers"/> workers. Everything Hangfire needs is registered
    /// per container (storage, filters, activator), so several hosts in one process do not share Hangfire's globals.
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
        services.AddTransient<RunJobs>();
        services.AddSingleton<RunStateFilter>();
        services.AddSingleton<IQueueKeepAlive>(options.Database.Kind == JobDatabaseKind.Postgres
            ? new SlidingQueueKeepAlive()
            : new SqliteQueueKeepAlive(options.Database));

        services.AddSingleton<JobStorage>(_ => Storage(options));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            new JobFilterAttributeFilterProvider(),
            new JobFilterCollection
            {
                new CaptureCultureAttribute(),
                new StatisticsHistoryAttribute(),
                new AutomaticRetryAttribute { Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail },
                provider.GetRequiredService<RunStateFilter>(),
            }));
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new OutlivingLogProvider(provider.GetRequiredService<ILoggerFactory>())));

        // The recovery sweep runs before the Hangfire server starts (hosted services start in order).
        services.AddSingleton<JobsHost>();
        services.AddHostedService(provider => provider.GetRequiredService<JobsHost>());
        if (options.RunsServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.Workers;
                server.ServerName = $"{options.HostId}:{Environment.ProcessId}";
                server.SchedulePollingInterval = options.SchedulePollInterval;
                server.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
        }

        return services;
    }

    private static JobStorage Storage(JobsOptions options)
    {
        if (options.Database.Kind == JobDatabaseKind.Postgres)
        {
            return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(options.Database.ConnectionString, PostgresOptions(options)),
                PostgresOptions(options));
        }

        var file = options.Database.HangfireFile;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = options.QueuePollInterval,
            InvisibilityTimeout = options.InvisibilityTimeout,
        });
    }

    private static PostgreSqlStorageOptions PostgresOptions(JobsOptions options) => new()
    {
        PrepareSchemaIfNecessary = true,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = options.InvisibilityTimeout,
        QueuePollInterval = options.QueuePollInterval * 4,
        EnableLongPolling = true,
    };
}
