using PerturbKG.Model.Data;

namespace PerturbKG.UnitTests.Model;

public sealed class AblationsTests
{
    [Fact]
    public void ShuffleEdges_KeepsEveryNodesDegreePerRelation_ButMovesEdges()
    {
        var graph = TinyGraph.Build([[0, 1], [3], [5, 6], [9]]);

        var shuffled = Ablations.ShuffleEdges(graph, 7).Stored;

        foreach (var relation in new[] { 0, 1 })
        {
            Assert.Equal(Degrees(graph.Stored, relation, e => graph.Stored.Source[e]), Degrees(shuffled, relation, e => shuffled.Source[e]));
            Assert.Equal(Degrees(graph.Stored, relation, e => graph.Stored.Target[e]), Degrees(shuffled, relation, e => shuffled.Target[e]));
        }

        Assert.NotEqual(graph.Stored.Target, shuffled.Target);
    }

    [Fact]
    public void RandomizeFeatures_KeepsShapes_AndReplacesValues()
    {
        var graph = TinyGraph.Build();

        var randomized = Ablations.RandomizeFeatures(graph, 7);

        for (var i = 0; i < graph.Blocks.Count; i++)
        {
            var (a, b) = (graph.Blocks[i].Features!, randomized.Blocks[i].Features!);
            Assert.Equal((a.Rows, a.Cols), (b.Rows, b.Cols));
            Assert.NotEqual(a.Data, b.Data);
        }

        Assert.Equal(graph.Stored, randomized.Stored);
    }

    private static Dictionary<int, int> Degrees(StoredEdges edges, int relation, Func<int, int> node) =>
        Enumerable.Range(0, edges.Count).Where(e => edges.Relation[e] == relation).GroupBy(node).ToDictionary(g => g.Key, g => g.Count());
}
