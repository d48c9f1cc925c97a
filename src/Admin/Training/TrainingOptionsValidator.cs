using FluentValidation;
using PerturbKG.Jobs.Training;

namespace PerturbKG.Admin.Training;

/// <summary>
/// What a training run's options must satisfy, wherever they come from (CLI, form, API). Property names are the
/// form and API field names, so a page can show each message beside its field.
/// </summary>
internal sealed class TrainingOptionsValidator : AbstractValidator<TrainingRunOptions>
{
    public TrainingOptionsValidator()
    {
        RuleFor(o => o.Split)
            .Must(TrainingRunOptions.KnownSplits.Contains)
            .OverridePropertyName("split")
            .WithMessage(o => $"split must be random, scaffold or cell, not '{o.Split}'.");
        RuleFor(o => o.Models)
            .NotEmpty()
            .OverridePropertyName("models")
            .WithMessage("Choose at least one model.");
        RuleForEach(o => o.Models)
            .Must(TrainingRunOptions.KnownModels.Contains)
            .OverridePropertyName("models")
            .WithMessage((_, m) => $"Unknown model '{m}'; known: {string.Join(", ", TrainingRunOptions.KnownModels)}.");
        RuleForEach(o => o.Ablations)
            .Must(TrainingRunOptions.KnownAblations.Contains)
            .OverridePropertyName("ablations")
            .WithMessage((_, a) => $"Unknown ablation '{a}'; known: {string.Join(", ", TrainingRunOptions.KnownAblations)}.");
        RuleFor(o => o.Ablations)
            .Must((o, a) => a.Count == 0 || o.Models.Contains("gat"))
            .OverridePropertyName("ablations")
            .WithMessage("Ablations retrain the GAT: include the gat model, or choose no ablations.");
        RuleFor(o => o.Device)
            .Custom((device, context) =>
            {
                try
                {
                    Model.Torch.TorchRuntime.ResolveDevice(device);
                }
                catch (ArgumentException e)
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure("device", e.Message));
                }
            });
        RuleFor(o => o.Seeds).InclusiveBetween(1, 20).OverridePropertyName("seeds").WithMessage("seeds must be between 1 and 20.");
        RuleFor(o => o.OutputDirectory).NotEmpty().OverridePropertyName("out");
        RuleFor(o => o.GatTraining.MaxEpochs).InclusiveBetween(1, 10_000).OverridePropertyName("epochs").WithMessage("epochs must be between 1 and 10000.");
        RuleFor(o => o.GatTraining.LearningRate).GreaterThan(0).LessThan(1).OverridePropertyName("lr").WithMessage("lr (learning rate) must be above 0 and below 1.");
        RuleFor(o => o.Gat.Hidden).InclusiveBetween(8, 1024).OverridePropertyName("hidden").WithMessage("hidden must be between 8 and 1024.");
        RuleFor(o => o.Gat.Heads).InclusiveBetween(1, 16).OverridePropertyName("heads").WithMessage("heads must be between 1 and 16.");
        RuleFor(o => o.Gat)
            .Must(g => g.Heads > 0 && g.Hidden % g.Heads == 0 && g.Hidden / g.Heads % 8 == 0)
            .When(o => o.Gat.Heads is >= 1 and <= 16)
            .OverridePropertyName("heads")
            .WithMessage("hidden must split into heads of a multiple of 8 each (e.g. hidden 64 and 4 heads).");
        RuleFor(o => o.Gat.Layers).InclusiveBetween(1, 4).OverridePropertyName("layers").WithMessage("layers must be between 1 and 4.");
        RuleFor(o => o.Gat.Dropout).InclusiveBetween(0f, 0.9f).OverridePropertyName("dropout").WithMessage("dropout must be between 0 and 0.9.");
        RuleFor(o => o.Data.Hops).InclusiveBetween(1, 4).OverridePropertyName("hops").WithMessage("hops must be between 1 and 4.");
        RuleFor(o => o.Data)
            .Must(d => d.TestDatasets is not { Count: > 0 } test || d.Datasets is not { Count: > 0 } train || !test.Intersect(train).Any())
            .OverridePropertyName("testSignatures")
            .WithMessage("A dataset cannot be both trained on (signatures) and tested on (testSignatures).");
        RuleFor(o => o.Data.MaxNeighbours).GreaterThan(0).When(o => o.Data.MaxNeighbours is not null).OverridePropertyName("maxNeighbours")
            .WithMessage("maxNeighbours must be positive (or empty for no cap).");
    }
}
