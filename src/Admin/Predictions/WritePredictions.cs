using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store;

namespace PerturbKG.Admin.Predictions;

/// <summary>Writes (again) a run's predicted effects and explanation paths into the store, on demand.</summary>
internal sealed record WritePredictions(StoreLocation Store, string Run, WriteBackOptions Options) : IRequest<WriteBackResult>;

internal sealed class WritePredictionsHandler(IGraphStoreFactory stores, RunCache cache) : IRequestHandler<WritePredictions, WriteBackResult>
{
    public async Task<WriteBackResult> Handle(WritePredictions request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        var run = await cache.GetAsync(store, request.Run, ct);
        return await WriteBack.RunAsync(store, run, request.Options, ct);
    }
}

internal sealed class WritePredictionsValidator : AbstractValidator<WritePredictions>
{
    public WritePredictionsValidator()
    {
        RuleFor(r => r.Run).NotEmpty().WithName("--run");
        RuleFor(r => r.Options.TopGenes).InclusiveBetween(1, 978).WithName("--top-genes");
        RuleFor(r => r.Options.PathsPerEffect).InclusiveBetween(0, 50).WithName("--paths");
        RuleFor(r => r.Options.FaithfulnessEffects).InclusiveBetween(0, 1000).WithName("--faithfulness");
    }
}
