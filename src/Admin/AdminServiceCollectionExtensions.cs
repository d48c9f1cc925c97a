using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Admin.Demo;
using PerturbKG.Admin.Generation;
using PerturbKG.Admin.Ingestion;
using PerturbKG.Admin.Pipeline;
using PerturbKG.Admin.Predictions;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store.Predictions;
using PerturbKG.Admin.Training;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Training;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Store;

namespace PerturbKG.Admin;

/// <summary>Wires the application: the store, ingestion, then MediatR (registered by hand: 5.1.0 has no DI package here).</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddStore();
        services.AddIngest();
        services.AddJobs();
        services.AddSingleton<SyntheticDataGenerator>();

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        // Behaviours run in registration order, outermost first: log, time, then validate.
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TimingBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        services.AddUseCase<IngestDataset, IngestReport, IngestDatasetHandler, IngestDatasetValidator>();
        services.AddUseCase<GenerateData, GeneratedDataset, GenerateDataHandler, GenerateDataValidator>();
        services.AddUseCase<RunDemo, DemoResult, RunDemoHandler, RunDemoValidator>();
        services.AddUseCase<TrainModels, TrainingRunResult, TrainModelsHandler, TrainModelsValidator>();
        services.AddUseCase<EvaluateRun, RunEvaluationResult, EvaluateRunHandler, EvaluateRunValidator>();
        services.AddUseCase<PredictPair, PairPrediction, PredictPairHandler, PredictPairValidator>();
        services.AddUseCase<ExplainEffect, Explanation, ExplainEffectHandler, ExplainEffectValidator>();
        services.AddUseCase<QueryPredictions, QueryResult, QueryPredictionsHandler, QueryPredictionsValidator>();
        services.AddUseCase<WritePredictions, WriteBackResult, WritePredictionsHandler, WritePredictionsValidator>();
        services.AddUseCase<SuggestNames, IReadOnlyList<SuggestedName>, SuggestNamesHandler, SuggestNamesValidator>();
        services.AddUseCase<ListTrainingRuns, IReadOnlyList<TrainingRunEntry>, ListTrainingRunsHandler, ListTrainingRunsValidator>();
        services.AddUseCase<GetTrainingRun, TrainingRunEntry, ListTrainingRunsHandler, GetTrainingRunValidator>();
        services.AddUseCase<ListRuns, IReadOnlyList<PredictionRun>, ListRunsHandler, ListRunsValidator>();
        services.AddUseCase<PromoteRun, IReadOnlyList<PredictionRun>, PromoteRunHandler, PromoteRunValidator>();
        services.AddUseCase<PruneRuns, IReadOnlyList<string>, PruneRunsHandler, PruneRunsValidator>();
        services.AddUseCase<Export.ExportNeo4j, PerturbKG.Store.Sqlite.Neo4jExport, Export.ExportNeo4jHandler, Export.ExportNeo4jValidator>();
        services.AddUseCase<Export.ExportH5ad, PerturbKG.Jobs.Predictions.H5adExportResult, Export.ExportH5adHandler, Export.ExportH5adValidator>();
        services.AddUseCase<Jobs.StartIngestion, PerturbKG.Jobs.Runs.JobRun, Jobs.StartIngestionHandler, Jobs.StartIngestionValidator>();
        services.AddUseCase<Jobs.StartTraining, Jobs.StartedTraining, Jobs.StartTrainingHandler, Jobs.StartTrainingValidator>();
        services.AddUseCase<Jobs.StartWriteBack, PerturbKG.Jobs.Runs.JobRun, Jobs.StartWriteBackHandler, Jobs.StartWriteBackValidator>();
        services.AddUseCase<Jobs.CancelRun, PerturbKG.Jobs.Runs.JobRun, Jobs.CancelRunHandler, Jobs.CancelRunValidator>();
        services.AddUseCase<Jobs.RetryRun, PerturbKG.Jobs.Runs.JobRun, Jobs.RetryRunHandler, Jobs.RetryRunValidator>();
        services.AddUseCase<Jobs.ScheduleReingestion, PerturbKG.Jobs.Runs.Schedule, Jobs.ScheduleReingestionHandler, Jobs.ScheduleReingestionValidator>();
        services.AddUseCase<Jobs.ChangeSchedule, IReadOnlyList<PerturbKG.Jobs.Runs.ScheduleStatus>, Jobs.ChangeScheduleHandler, Jobs.ChangeScheduleValidator>();
        services.AddUseCase<Jobs.ListJobRuns, IReadOnlyList<PerturbKG.Jobs.Runs.JobRun>, Jobs.ListJobRunsHandler, Jobs.ListJobRunsValidator>();
        services.AddUseCase<Jobs.GetJobRun, PerturbKG.Jobs.Runs.JobRun, Jobs.GetJobRunHandler, Jobs.GetJobRunValidator>();
        services.AddUseCase<Jobs.ListSchedules, IReadOnlyList<PerturbKG.Jobs.Runs.ScheduleStatus>, Jobs.ListSchedulesHandler, Jobs.ListSchedulesValidator>();
        return services;
    }

    private static void AddUseCase<TRequest, TResponse, THandler, TValidator>(this IServiceCollection services)
        where TRequest : IRequest<TResponse>
        where THandler : class, IRequestHandler<TRequest, TResponse>
        where TValidator : class, IValidator<TRequest>
    {
        services.AddTransient<IRequestHandler<TRequest, TResponse>, THandler>();
        services.AddTransient<IValidator<TRequest>, TValidator>();
    }
}
