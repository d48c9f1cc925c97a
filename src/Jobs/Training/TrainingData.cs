using PerturbKG.Model.Data;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// Everything a training run needs from a store, in the model's terms, with the way back to store ids and relation
/// types (<see cref="Relations"/>[r] is the store's type of the graph's stored relation r).
/// </summary>
public sealed record TrainingData(
    GraphData Graph,
    IReadOnlyList<PairSample> Pairs,
    IReadOnlyList<string> Scaffolds,
    IReadOnlyList<StoredNode> Nodes,
    IReadOnlyList<LandmarkGene> Landmarks,
    SignatureKind Kind,
    IReadOnlyList<string> Datasets,
    IReadOnlyDictionary<string, string> FeatureDescription,
    IReadOnlyList<RelationType> Relations)
{
    /// <summary>Pairs (indices into <see cref="Pairs"/>) of the external test datasets: the test fold as a whole.</summary>
    public IReadOnlyList<int> ExternalTest { get; init; } = [];

    /// <summary>Pairs of datasets a trained run is evaluated on (<c>perturbkg evaluate</c>); never trained on.</summary>
    public IReadOnlyList<PairSample> Evaluation { get; init; } = [];

    /// <summary>Relations left out of the graph (leakage guard), with the number of edges removed.</summary>
    public IReadOnlyDictionary<string, int> ExcludedRelations { get; init; } = new Dictionary<string, int>();

    /// <summary>What the user should know about this data before trusting a result (e.g. a likely label leak).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The graph row of a store node id.</summary>
    public IReadOnlyDictionary<long, int> RowOf { get; } = Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
}
