using PerturbKG.Model;
using PerturbKG.Model.Tensors;
using static PerturbKG.UnitTests.Tensors.GradientCheck;

namespace PerturbKG.UnitTests.Tensors;

/// <summary>Every differentiable op against finite differences.</summary>
public sealed class OpGradientTests
{
    [Fact]
    public void MatMul_MatchesFiniteDifferences()
    {
        var (a, b) = (Random(7, 5, 1), Random(5, 9, 2));
        Check(t => t.MatMul(a, b), a, b);
    }

    [Fact]
    public void MatMul_MatchesFiniteDifferences_WhenShapesAreNotMultiplesOfTheKernelTile()
    {
        var (a, b) = (Random(13, 300, 3), Random(300, 19, 4));
        Check(t => t.MatMul(a, b), a, b);
    }

    [Fact]
    public void Linear_MatchesFiniteDifferences_WithBias()
    {
        var (x, w, bias) = (Random(6, 4, 5), Random(4, 3, 6), Random(1, 3, 7));
        Check(t => t.Linear(x, w, bias), x, w, bias);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(1, 4)]
    [InlineData(1, 1)]
    public void Add_MatchesFiniteDifferences_ForSameRowAndScalarShapes(int rows, int cols)
    {
        var (a, b) = (Random(5, 4, 8), Random(rows, cols, 9));
        Check(t => t.Add(a, b), a, b);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(1, 4)]
    public void Mul_MatchesFiniteDifferences_ForSameAndRowShapes(int rows, int cols)
    {
        var (a, b) = (Random(5, 4, 10), Random(rows, cols, 11));
        Check(t => t.Mul(a, b), a, b);
    }

    [Fact]
    public void Scale_MatchesFiniteDifferences()
    {
        var a = Random(3, 3, 12);
        Check(t => t.Scale(a, -2.5f), a);
    }

    [Fact]
    public void Activations_MatchFiniteDifferences()
    {
        var x = Random(6, 5, 13, awayFromZero: 0.05f);
        Check(t => t.Relu(x), x);
        Check(t => t.LeakyRelu(x, 0.2f), x);
        Check(t => t.Elu(x), x);
        Check(t => t.Tanh(x), x);
        Check(t => t.Sigmoid(x), x);
    }

    [Fact]
    public void GatherRows_MatchesFiniteDifferences_WhenRowsRepeat()
    {
        var x = Random(5, 3, 14);
        Check(t => t.GatherRows(x, [4, 0, 4, 2, 2, 2]), x);
    }

    [Fact]
    public void ScatterAddRows_MatchesFiniteDifferences()
    {
        var x = Random(6, 3, 15);
        Check(t => t.ScatterAddRows(x, [1, 1, 0, 3, 1, 0], rows: 4), x);
    }

    [Fact]
    public void Concat_MatchesFiniteDifferences_ForColumnsAndRows()
    {
        var (a, b) = (Random(4, 2, 16), Random(4, 3, 17));
        Check(t => t.ConcatColumns(a, b), a, b);
        var c = Random(2, 2, 18);
        Check(t => t.ConcatRows(a, c), a, c);
    }

    [Fact]
    public void HeadDot_MatchesFiniteDifferences()
    {
        var (x, a) = (Random(5, 6, 19), Random(1, 6, 20));
        Check(t => t.HeadDot(x, a, heads: 3), x, a);
    }

    [Fact]
    public void SegmentSoftmax_MatchesFiniteDifferences()
    {
        var edges = SmallGraph();
        var scores = Random(edges.Count, 2, 21);
        Check(t => t.SegmentSoftmax(scores, edges), scores);
    }

    [Fact]
    public void AttentionAggregate_MatchesFiniteDifferences_WithAndWithoutRelationGates()
    {
        var edges = SmallGraph();
        var (h, alpha, gate) = (Random(5, 4, 22), Random(edges.Count, 2, 23), Random(edges.Relations, 4, 24));
        Check(t => t.AttentionAggregate(h, alpha, gate, edges), h, alpha, gate);
        Check(t => t.AttentionAggregate(h, alpha, null, edges), h, alpha);
    }

    [Fact]
    public void Dropout_MatchesFiniteDifferences_ForAFixedMask()
    {
        var x = Random(6, 6, 25);
        Check(t => t.Dropout(x, 0.3f, new DeterministicRandom(5)), x);
    }

    [Fact]
    public void LayerNorm_MatchesFiniteDifferences()
    {
        var (x, gamma, beta) = (Random(4, 6, 26), Random(1, 6, 27), Random(1, 6, 28));
        Check(t => t.LayerNorm(x, gamma, beta), x, gamma, beta);
    }

    [Fact]
    public void MseLoss_MatchesFiniteDifferences_UnweightedAndWeighted()
    {
        var (p, target) = (Random(4, 3, 29), Random(4, 3, 30, requiresGrad: false));
        var rowWeights = new Tensor(4, 1, [1f, 0f, 2f, 0.5f]);
        Check(t => t.MseLoss(p, target), p);
        Check(t => t.MseLoss(p, target, rowWeights), p);
    }

    [Fact]
    public void Sum_MatchesFiniteDifferences()
    {
        var x = Random(3, 4, 31);
        Check(t => t.Sum(x), x);
    }

    // 5 nodes, 8 typed edges; node 3 has no incoming edge.
    internal static EdgeIndex SmallGraph() => new(
        nodes: 5,
        source: [0, 1, 2, 0, 4, 4, 1, 2],
        target: [1, 0, 0, 2, 2, 1, 4, 4],
        relation: [0, 1, 0, 2, 1, 1, 0, 2],
        relations: 3);
}
