using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Admin.Training;

/// <summary>Trains and compares the GAT with its baselines and ablations on one store, in the foreground.</summary>
public sealed record TrainModels(StoreLocation Store, TrainingRunOptions Options, IProgress<TrainingProgress>? Progress = null)
    : IRequest<TrainingRunResult>;

public sealed class TrainModelsHandler(IGraphStoreFactory stores, TrainingRun run) : IRequestHandler<TrainModels, TrainingRunResult>
{
    public async Task<TrainingRunResult> Handle(TrainModels request, CancellationToken cancellationToken)
    {
        await using var store = stores.Open(request.Store);
        return await run.RunAsync(store, request.Options, request.Progress, cancellationToken);
    }
}

public sealed class TrainModelsValidator : AbstractValidator<TrainModels>
{
    public TrainModelsValidator()
    {
        RuleFor(r => r.Options.Split)
            .Must(TrainingRunOptions.KnownSplits.Contains)
            .WithName("--split")
            .WithMessage(r => $"--split must be random, scaffold or cell, not '{r.Options.Split}'.");
        RuleFor(r => r.Options.Models)
            .NotEmpty()
            .WithName("--models");
        RuleForEach(r => r.Options.Models)
            .Must(TrainingRunOptions.KnownModels.Contains)
            .WithName("--models")
            .WithMessage((_, m) => $"Unknown model '{m}'; known: {string.Join(", ", TrainingRunOptions.KnownModels)}.");
        RuleForEach(r => r.Options.Ablations)
            .Must(TrainingRunOptions.KnownAblations.Contains)
            .WithName("--ablations")
            .WithMessage((_, a) => $"Unknown ablation '{a}'; known: {string.Join(", ", TrainingRunOptions.KnownAblations)}.");
        RuleFor(r => r.Options.Seeds).InclusiveBetween(1, 20).WithName("--seeds");
        RuleFor(r => r.Options.OutputDirectory).NotEmpty().WithName("--out");
        RuleFor(r => r.Options.GatTraining.MaxEpochs).InclusiveBetween(1, 10_000).WithName("--epochs");
        RuleFor(r => r.Options.GatTraining.LearningRate).GreaterThan(0).LessThan(1).WithName("--lr");
        RuleFor(r => r.Options.Gat.Hidden).InclusiveBetween(8, 1024).WithName("--hidden");
        RuleFor(r => r.Options.Gat)
            .Must(g => g.Hidden % g.Heads == 0 && g.Hidden / g.Heads % 8 == 0)
            .WithName("--heads")
            .WithMessage("--hidden must split into --heads heads of a multiple of 8 each (e.g. 64 and 4).");
        RuleFor(r => r.Options.Gat.Layers).InclusiveBetween(1, 4).WithName("--layers");
        RuleFor(r => r.Options.Gat.Dropout).InclusiveBetween(0f, 0.9f).WithName("--dropout");
        RuleFor(r => r.Options.Data.Hops).InclusiveBetween(1, 4).WithName("--hops");
        RuleFor(r => r.Options.Data.MaxNeighbours).GreaterThan(0).When(r => r.Options.Data.MaxNeighbours is not null).WithName("--max-neighbours");
    }
}
