using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Admin.Training;

/// <summary>Scores every model of a finished run on the signatures of other datasets (default output: the run's evaluations/ folder).</summary>
internal sealed record EvaluateRun(StoreLocation Store, string Run, IReadOnlyList<string> Datasets, string? Output = null) : IRequest<RunEvaluationResult>;

internal sealed class EvaluateRunHandler(IGraphStoreFactory stores, RunEvaluation evaluation) : IRequestHandler<EvaluateRun, RunEvaluationResult>
{
    public async Task<RunEvaluationResult> Handle(EvaluateRun request, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(request.Store, cancellationToken);
        var directory = File.Exists(Path.Combine(request.Run, "manifest.json"))
            ? Path.GetFullPath(request.Run)
            : await TrainedRun.DirectoryOfAsync(store, request.Run, cancellationToken);
        var output = request.Output ?? Path.Combine(directory, "evaluations", string.Join("+", request.Datasets));
        return await evaluation.RunAsync(store, directory, request.Datasets, output, cancellationToken);
    }
}

internal sealed class EvaluateRunValidator : AbstractValidator<EvaluateRun>
{
    public EvaluateRunValidator()
    {
        RuleFor(r => r.Run).NotEmpty().OverridePropertyName("run");
        RuleFor(r => r.Datasets).NotEmpty().OverridePropertyName("signatures").WithMessage("Name at least one signature dataset to evaluate on.");
    }
}
