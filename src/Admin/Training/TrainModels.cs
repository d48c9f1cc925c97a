using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Admin.Training;

/// <summary>Trains and compares the GAT with its baselines and ablations on one store, in the foreground.</summary>
internal sealed record TrainModels(StoreLocation Store, TrainingRunOptions Options, IProgress<TrainingProgress>? Progress = null)
    : IRequest<TrainingRunResult>;

internal sealed class TrainModelsHandler(IGraphStoreFactory stores, TrainingRun run) : IRequestHandler<TrainModels, TrainingRunResult>
{
    public async Task<TrainingRunResult> Handle(TrainModels request, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(request.Store, cancellationToken);
        return await run.RunAsync(store, request.Options, request.Progress, cancellationToken);
    }
}

internal sealed class TrainModelsValidator : AbstractValidator<TrainModels>
{
    public TrainModelsValidator() => RuleFor(r => r.Options).SetValidator(new TrainingOptionsValidator());
}
