using FluentValidation;
using MediatR;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Predictions;

/// <summary>The runs whose predictions a store holds.</summary>
internal sealed record ListRuns(StoreLocation Store) : IRequest<IReadOnlyList<PredictionRun>>;

/// <summary>Makes a run the one queries use by default.</summary>
internal sealed record PromoteRun(StoreLocation Store, string Run) : IRequest<IReadOnlyList<PredictionRun>>;

/// <summary>Removes the predictions of every run but the current one.</summary>
internal sealed record PruneRuns(StoreLocation Store) : IRequest<IReadOnlyList<string>>;

internal sealed class ListRunsHandler(IGraphStoreFactory stores) : IRequestHandler<ListRuns, IReadOnlyList<PredictionRun>>
{
    public async Task<IReadOnlyList<PredictionRun>> Handle(ListRuns request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        return await store.ListRunsAsync(ct);
    }
}

internal sealed class PromoteRunHandler(IGraphStoreFactory stores) : IRequestHandler<PromoteRun, IReadOnlyList<PredictionRun>>
{
    public async Task<IReadOnlyList<PredictionRun>> Handle(PromoteRun request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        await store.PromoteRunAsync(request.Run, ct);
        return await store.ListRunsAsync(ct);
    }
}

internal sealed class PruneRunsHandler(IGraphStoreFactory stores) : IRequestHandler<PruneRuns, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> Handle(PruneRuns request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        return await store.PruneRunsAsync(ct);
    }
}

internal sealed class ListRunsValidator : AbstractValidator<ListRuns>;

internal sealed class PruneRunsValidator : AbstractValidator<PruneRuns>;

internal sealed class PromoteRunValidator : AbstractValidator<PromoteRun>
{
    public PromoteRunValidator() => RuleFor(r => r.Run).NotEmpty().WithName("--run");
}
