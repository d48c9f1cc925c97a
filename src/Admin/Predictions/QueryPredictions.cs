using FluentValidation;
using MediatR;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Predictions;

/// <summary>Runs one of the named queries over predicted effects (<see cref="NamedQueries"/>).</summary>
internal sealed record QueryPredictions(StoreLocation Store, string Name, IReadOnlyDictionary<string, string> Parameters) : IRequest<QueryResult>;

internal sealed class QueryPredictionsHandler(IGraphStoreFactory stores) : IRequestHandler<QueryPredictions, QueryResult>
{
    public async Task<QueryResult> Handle(QueryPredictions request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        return await store.QueryAsync(request.Name, request.Parameters, ct);
    }
}

internal sealed class QueryPredictionsValidator : AbstractValidator<QueryPredictions>
{
    public QueryPredictionsValidator()
    {
        RuleFor(r => r.Name)
            .Must(n => NamedQueries.All.Any(q => q.Name == n))
            .WithName("NAME")
            .WithMessage(r => $"Unknown query '{r.Name}'; known: {string.Join(", ", NamedQueries.All.Select(q => q.Name))}.");
    }
}
