using FluentValidation;
using MediatR;
using PerturbKG.Store;
using PerturbKG.Store.Graph;

namespace PerturbKG.Admin.Predictions;

/// <summary>Names of drugs, cell lines or genes that hold what a user is typing, for the forms' suggestions (<c>GET /api/names</c>).</summary>
internal sealed record SuggestNames(StoreLocation Store, string Type, string Text, int Limit = 15) : IRequest<IReadOnlyList<SuggestedName>>;

internal sealed record SuggestedName(string Key, string Name);

internal sealed class SuggestNamesHandler(IGraphStoreFactory stores) : IRequestHandler<SuggestNames, IReadOnlyList<SuggestedName>>
{
    public async Task<IReadOnlyList<SuggestedName>> Handle(SuggestNames request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        var nodes = await store.SuggestNodesAsync(SuggestNamesValidator.TypeOf(request.Type)!, request.Text.Trim(), request.Limit, ct);
        return nodes.Select(n => new SuggestedName(n.Key, n.Name)).ToList();
    }
}

internal sealed class SuggestNamesValidator : AbstractValidator<SuggestNames>
{
    public SuggestNamesValidator()
    {
        RuleFor(r => r.Type).Must(t => TypeOf(t) is not null).WithName("type").WithMessage("type must be drug, cell or gene.");
        RuleFor(r => r.Text).NotEmpty().MaximumLength(200).WithName("q");
        RuleFor(r => r.Limit).InclusiveBetween(1, 100).WithName("limit");
    }

    /// <summary>The node type a request names (the forms' field names).</summary>
    public static string? TypeOf(string type) => type switch
    {
        "drug" => NodeTypes.Drug,
        "cell" => NodeTypes.CellLine,
        "gene" => NodeTypes.Gene,
        _ => null,
    };
}
