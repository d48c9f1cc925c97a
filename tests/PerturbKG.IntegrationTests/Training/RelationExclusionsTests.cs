using PerturbKG.Jobs.Training;
using PerturbKG.Store.Graph;

namespace PerturbKG.IntegrationTests.Training;

public sealed class RelationExclusionsTests
{
    private static readonly RelationType Binds = new("compound_binds_gene", "compound_binds_gene", NodeTypes.Drug, NodeTypes.Gene, true);
    private static readonly RelationType Up = new("compound_upregulates_gene", "compound_upregulates_gene", NodeTypes.Drug, NodeTypes.Gene, true);
    private static readonly RelationType Induces = new("drug_induces_expression", "upregulates", NodeTypes.Drug, NodeTypes.Gene, true);

    private static readonly Subgraph Graph = new(
        [],
        [new StoredRelation(1, Binds), new StoredRelation(2, Up), new StoredRelation(3, Induces)],
        [new GraphEdge(10, 20, 1), new GraphEdge(10, 21, 2), new GraphEdge(11, 21, 2), new GraphEdge(11, 22, 3)],
        [],
        new Dictionary<long, string>());

    [Fact]
    public void Apply_LeavesOutTheDefaults_AndWarnsOfOtherRegulationRelations()
    {
        var (graph, removed, warnings) = RelationExclusions.Apply(Graph, RelationExclusions.Resolve(new TrainingDataOptions()));

        Assert.Equal(new Dictionary<string, int> { ["compound_upregulates_gene"] = 2 }, removed);
        Assert.Equal([1, 3], graph.Edges.Select(e => e.Relation));
        Assert.Equal([1, 3], graph.Relations.Select(r => r.Id));
        Assert.Contains(warnings, w => w.Contains("drug_induces_expression", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_FollowsTheUsersExclusionsAndInclusions()
    {
        var options = new TrainingDataOptions { ExcludeRelations = ["drug_induces_expression"], IncludeRelations = ["COMPOUND_UPREGULATES_GENE"] };

        var (graph, removed, warnings) = RelationExclusions.Apply(Graph, RelationExclusions.Resolve(options));

        Assert.Equal(["drug_induces_expression"], removed.Keys);
        Assert.Equal([1, 2, 2], graph.Edges.Select(e => e.Relation));
        Assert.Contains(warnings, w => w.Contains("compound_upregulates_gene", StringComparison.Ordinal));
    }
}
