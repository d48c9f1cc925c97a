using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Predictions;

/// <summary>The attention paths from a drug to a gene that carry a run's predicted effect in a cell line, with node names.</summary>
internal sealed record ExplainEffect(StoreLocation Store, string Run, string Drug, string Cell, string Gene, int Paths = 5) : IRequest<Explanation>;

internal sealed record Explanation(string Run, StoredNode Drug, StoredNode Cell, StoredNode Gene, float Delta, IReadOnlyList<NamedPath> Paths);

/// <summary>A path with its contribution (standardised units) and its hops as (from, relation, attention, to) with names.</summary>
internal sealed record NamedPath(int Rank, double Score, IReadOnlyList<NamedHop> Hops)
{
    public override string ToString() =>
        Hops[0].From.Name + string.Concat(Hops.Select(h => $" -[{h.Relation} {h.Attention:0.###}]-> {h.To.Name}"));
}

internal sealed record NamedHop(StoredNode From, string Relation, float Attention, StoredNode To);

internal sealed class ExplainEffectHandler(IGraphStoreFactory stores, RunCache cache) : IRequestHandler<ExplainEffect, Explanation>
{
    public async Task<Explanation> Handle(ExplainEffect request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        var (run, drugRow, _) = await PredictPairHandler.DrugRowAsync(store, cache, request.Run, request.Drug, null, null, ct);
        var cell = await store.FindNodeAsync(NodeTypes.CellLine, request.Cell, ct);
        var gene = await store.FindNodeAsync(NodeTypes.Gene, request.Gene, ct);
        var cellRow = run.RowOf(cell.Id) ?? throw new NotFoundException($"cell line in run {run.Id}'s graph", request.Cell, []);
        var landmark = run.Data.Landmarks.FirstOrDefault(l => l.Node == gene.Id)
            ?? throw new NotFoundException("landmark gene", request.Gene, CloseMatches.Among(request.Gene, run.Data.Landmarks.Select(l => l.Symbol)));
        var delta = run.Predict([(drugRow, cellRow)])[0][landmark.Position];
        var explainer = new Explainer(run.Model);
        var byId = run.Data.Nodes.ToDictionary(n => n.Id);
        var paths = WriteBack.Paths(run, explainer, explainer.From(drugRow, 2 * request.Paths), landmark.Position, request.Paths)
            .Select(p => new NamedPath(p.Rank, p.Score, p.Hops.Select(h => new NamedHop(Named(byId, h.From), h.Relation, h.Attention, Named(byId, h.To))).ToList()))
            .ToList();
        return new Explanation(run.Id, run.Data.Nodes[drugRow], cell, gene, delta, paths);
    }

    private static StoredNode Named(Dictionary<long, StoredNode> nodes, long id) => nodes.GetValueOrDefault(id) ?? new StoredNode(id, "?", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "?");
}

internal sealed class ExplainEffectValidator : AbstractValidator<ExplainEffect>
{
    public ExplainEffectValidator()
    {
        RuleFor(r => r.Run).NotEmpty().WithName("--run");
        RuleFor(r => r.Drug).NotEmpty().WithName("--drug");
        RuleFor(r => r.Cell).NotEmpty().WithName("--cell");
        RuleFor(r => r.Gene).NotEmpty().WithName("--gene");
        RuleFor(r => r.Paths).InclusiveBetween(1, 50).WithName("--paths");
    }
}
