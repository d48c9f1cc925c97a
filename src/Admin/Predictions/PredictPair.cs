using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Model.Chemistry;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Predictions;

/// <summary>
/// Predicts a (drug, cell line) pair with a run's GAT, with or without signatures: a drug in the run's graph, a KG
/// drug outside it (added with its edges), or a new SMILES with its target genes.
/// </summary>
internal sealed record PredictPair(StoreLocation Store, string Run, string? Drug, string Cell, int Top = 20, string? Smiles = null, IReadOnlyList<string>? Targets = null)
    : IRequest<PairPrediction>;

internal sealed record PairPrediction(string Run, StoredNode Drug, StoredNode Cell, string DrugSource, IReadOnlyList<GenePrediction> Genes);

internal sealed record GenePrediction(int Rank, string Gene, string Symbol, float Delta, float ZScore);

internal sealed class PredictPairHandler(IGraphStoreFactory stores, RunCache cache) : IRequestHandler<PredictPair, PairPrediction>
{
    public async Task<PairPrediction> Handle(PredictPair request, CancellationToken ct)
    {
        await using var store = await stores.OpenAsync(request.Store, ct);
        var (run, drugRow, source) = await DrugRowAsync(store, cache, request.Run, request.Drug, request.Smiles, request.Targets, ct);
        var cellNode = await store.FindNodeAsync(NodeTypes.CellLine, request.Cell, ct);
        var cellRow = run.RowOf(cellNode.Id) ?? throw new NotFoundException($"cell line in run {run.Id}'s graph", request.Cell,
            CloseMatches.Among(request.Cell, run.Data.Nodes.Where(n => n.Type == NodeTypes.CellLine).Select(n => n.Key)));
        var prediction = run.Predict([(drugRow, cellRow)])[0];
        var mean = run.Means.ForCell(cellRow);
        var scale = run.Means.Scale.Data;
        var genes = Enumerable.Range(0, prediction.Length)
            .OrderByDescending(g => Math.Abs(prediction[g])).ThenBy(g => g)
            .Take(request.Top)
            .Select((g, i) =>
            {
                var node = run.Data.Nodes[run.Data.Graph.Landmarks[g]];
                return new GenePrediction(i + 1, node.Key, run.Data.Landmarks.First(l => l.Position == g).Symbol, prediction[g], (prediction[g] - mean[g]) / scale[g]);
            })
            .ToList();
        return new PairPrediction(run.Id, run.Data.Nodes[drugRow], cellNode, source, genes);
    }

    /// <summary>The run to predict with and the drug's row in it, adding the drug to the graph when it is not there.</summary>
    public static async Task<(TrainedRun Run, int Row, string Source)> DrugRowAsync(
        IGraphStore store, RunCache cache, string runId, string? drug, string? smiles, IReadOnlyList<string>? targets, CancellationToken ct)
    {
        if (smiles is not null)
        {
            if (SmilesParser.TryParse(smiles, out var error) is null)
            {
                throw new ArgumentException(error!.Message);
            }

            var links = new List<(long, string)>();
            foreach (var target in targets ?? [])
            {
                links.Add(((await store.FindNodeAsync(NodeTypes.Gene, target, ct)).Id, string.Empty));
            }

            var probe = await cache.GetAsync(store, runId, ct);
            var relation = TargetRelation(probe);
            var added = await TrainedRun.LoadAsync(store, probe.Directory, ct,
                new NewDrug($"smiles:{smiles}", drug ?? smiles, smiles, links.Select(l => (l.Item1, relation)).ToList()));
            return (added, added.RowOf(PerturbKG.Jobs.Training.TrainingDataLoader.NewDrugId)!.Value, $"new SMILES with {links.Count} target(s)");
        }

        var node = await store.FindNodeAsync(NodeTypes.Drug, drug!, ct);
        var run = await cache.GetAsync(store, runId, ct);
        if (run.RowOf(node.Id) is { } row)
        {
            return (run, row, "in the run's graph");
        }

        // A KG drug outside the training neighbourhood: add it with its own edges and structure.
        var own = await store.ExtractSubgraphAsync(new SubgraphRequest([node.Id], Hops: 1), ct);
        var relations = own.Relations.ToDictionary(r => r.Id, r => r.Type);
        var edges = own.Edges
            .Where(e => e.Source == node.Id && relations[e.Relation].SourceType == NodeTypes.Drug)
            .Select(e => (e.Target, relations[e.Relation].Name))
            .ToList();
        var extended = await TrainedRun.LoadAsync(store, run.Directory, ct,
            new NewDrug(node.Key, node.Name, own.Smiles.GetValueOrDefault(node.Id), edges));
        return (extended, extended.RowOf(PerturbKG.Jobs.Training.TrainingDataLoader.NewDrugId)!.Value, $"KG drug outside the training graph, added with {edges.Count} edge(s)");
    }

    // The drug → gene relation with the most edges in the run's graph (a target relation).
    private static string TargetRelation(TrainedRun run)
    {
        var relations = run.Data.Relations;
        var target = run.Data.Graph.Stored.Relation
            .Where(r => relations[r].SourceType == NodeTypes.Drug && relations[r].TargetType == NodeTypes.Gene)
            .CountBy(r => r)
            .OrderByDescending(c => c.Value)
            .Select(c => (int?)c.Key)
            .FirstOrDefault()
            ?? throw new ConflictException($"Run {run.Id}'s graph has no drug → gene edges, so a new drug's targets cannot be linked.");
        return relations[target].Name;
    }
}

internal sealed class PredictPairValidator : AbstractValidator<PredictPair>
{
    public PredictPairValidator()
    {
        RuleFor(r => r.Run).NotEmpty().WithName("--run");
        RuleFor(r => r.Cell).NotEmpty().WithName("--cell");
        RuleFor(r => r.Drug).NotEmpty().When(r => r.Smiles is null).WithName("--drug").WithMessage("Give --drug, or --smiles with --targets.");
        RuleFor(r => r.Top).InclusiveBetween(1, 978).WithName("--top");
        RuleFor(r => r.Targets).NotEmpty().When(r => r.Smiles is not null).WithName("--targets")
            .WithMessage("A new SMILES needs its target genes (--targets ENTREZ_OR_SYMBOL,...) to join the graph.");
    }
}
