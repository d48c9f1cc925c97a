using PerturbKG.Ingest.Graph;
using PerturbKG.Store.Graph;

namespace PerturbKG.UnitTests.Graph;

public sealed class KnowledgeGraphBuilderTests
{
    [Fact]
    public void Build_StoresEachEdgeOnce_WhenSymmetricRelationIsListedBothWays()
    {
        var graph = new KnowledgeGraphBuilder();
        var (a, b, c) = (Gene(graph, "1"), Gene(graph, "2"), Gene(graph, "3"));
        var ppi = graph.AddRelation(new RelationType("protein_protein", "ppi", NodeTypes.Gene, NodeTypes.Gene, false), out _);
        graph.AddEdge(ppi, a, b, false);
        graph.AddEdge(ppi, b, a, false);
        graph.AddEdge(ppi, b, c, false);
        graph.AddEdge(ppi, c, b, false);
        graph.AddEdge(ppi, c, b, false);

        var built = graph.Build();

        Assert.Equal(5, built.Rows);
        Assert.Equal(2, built.EdgeCount);
        Assert.Equal(2, built.MirroredRows);
        Assert.Equal(1, built.DuplicateRows);
        Assert.Equal([(ppi, a, b), (ppi, b, c)], Enumerable.Range(0, built.EdgeCount).Select(built.Edge));
    }

    [Fact]
    public void Build_KeepsBothDirections_WhenRelationIsDirected()
    {
        var graph = new KnowledgeGraphBuilder();
        var (a, b) = (Gene(graph, "1"), Gene(graph, "2"));
        var regulates = graph.AddRelation(new RelationType("regulates", "regulates", NodeTypes.Gene, NodeTypes.Gene, true), out _);
        graph.AddEdge(regulates, a, b, false);
        graph.AddEdge(regulates, b, a, false);
        graph.AddEdge(regulates, b, a, false);

        var built = graph.Build();

        Assert.Equal(2, built.EdgeCount);
        Assert.Equal(0, built.MirroredRows);
        Assert.Equal(1, built.DuplicateRows);
    }

    [Fact]
    public void AddRelation_ReturnsSameRelationReversed_WhenTypesComeTheOtherWayRound()
    {
        var graph = new KnowledgeGraphBuilder();
        var drug = graph.AddNode(new GraphNode(NodeTypes.Drug, "DB00001", "Drug one", "DrugBank"));
        var gene = Gene(graph, "10");
        var forward = graph.AddRelation(new RelationType("drug_protein", "target", NodeTypes.Drug, NodeTypes.Gene, false), out var reversedForward);
        var backward = graph.AddRelation(new RelationType("drug_protein", "target", NodeTypes.Gene, NodeTypes.Drug, false), out var reversedBackward);
        graph.AddEdge(backward, gene, drug, reversedBackward);
        graph.AddEdge(forward, drug, gene, reversedForward);

        var built = graph.Build();

        Assert.Equal(forward, backward);
        Assert.False(reversedForward);
        Assert.True(reversedBackward);
        Assert.Single(built.Relations);
        Assert.Equal((forward, drug, gene), built.Edge(0));
        Assert.Equal(1, built.MirroredRows);
    }

    [Fact]
    public void AddNode_ReturnsExistingIndex_WhenTypeAndKeyRepeat()
    {
        var graph = new KnowledgeGraphBuilder();

        var first = graph.AddNode(new GraphNode(NodeTypes.Gene, "7157", "TP53", "NCBI"));
        var again = graph.AddNode(new GraphNode(NodeTypes.Gene, "7157", "TP53", "NCBI"));
        var otherType = graph.AddNode(new GraphNode(NodeTypes.Disease, "7157", "a disease", "MONDO"));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherType);
        Assert.Equal(2, graph.NodeCount);
    }

    private static int Gene(KnowledgeGraphBuilder graph, string entrez) =>
        graph.AddNode(new GraphNode(NodeTypes.Gene, entrez, "G" + entrez, "NCBI"));
}
