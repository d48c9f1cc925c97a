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
    public void EdgeLogits_MatchesFiniteDifferences()
    {
        var edges = SmallGraph();
        var (source, target, relation) = (Random(5, 2, 35, awayFromZero: 0.05f), Random(5, 2, 36, awayFromZero: 0.05f), Random(3, 2, 37, awayFromZero: 0.05f));
        Check(t => t.EdgeLogits(source, target, relation, edges, 0.2f), source, target, relation);
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
    public void AttentionAggregate_MatchesFiniteDifferences_OnTheVectorisedPath()
    {
        // A head width of 8 takes the 8-wide kernels; 2 heads of 8 columns.
        var edges = SmallGraph();
        var (h, alpha, gate) = (Random(5, 16, 32), Random(edges.Count, 2, 33), Random(edges.Relations, 16, 34));
        Check(t => t.AttentionAggregate(h, alpha, gate, edges), h, alpha, gate);
        Check(t => t.AttentionAggregate(h, alpha, null, edges), h, alpha);
    }

    [Fact]
    public void PathReadout_MatchesFiniteDifferences()
    {
        // 4 genes, 2 heads, 3 drug slots; 5 pairs, two sharing a slot.
        var (x, weights) = (Random(4, 6, 38), Random(4, 2, 39));
        Check(t => t.PathReadout(x, [2, 0, 1, 2, 0], slots: 3, weights), x, weights);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PathPropagate_MatchesFiniteDifferences(int layers)
    {
        var edges = SmallGraph();
        var attention = Enumerable.Range(0, layers).Select(l => Random(edges.Count, 2, 40 + l)).ToArray();
        Check(t => t.PathPropagate(attention, edges, [0, 4, 2], [1, 2, 4]), attention);
    }

    [Fact]
    public void PathPropagate_EqualsLayerByLayerDenseAggregation()
    {
        var edges = SmallGraph();
        var attention = Enumerable.Range(0, 3).Select(l => Random(edges.Count, 2, 50 + l, requiresGrad: false)).ToArray();
        int[] drugs = [0, 4];
        int[] landmarks = [1, 2, 4];
        var tape = Tape.NoGrad();

        var sparse = tape.PathPropagate(attention, edges, drugs, landmarks);

        // Dense: one column block per head, one column per drug slot (8 slots), then the landmark rows.
        var signal = new Tensor(edges.Nodes, 2 * 8);
        for (var s = 0; s < drugs.Length; s++)
        {
            signal[drugs[s], s] = 1f;
            signal[drugs[s], 8 + s] = 1f;
        }

        foreach (var alpha in attention)
        {
            signal = tape.AttentionAggregate(signal, alpha, null, edges);
        }

        var dense = tape.GatherRows(signal, landmarks);
        Assert.Equal((dense.Rows, dense.Cols), (sparse.Rows, sparse.Cols));
        for (var i = 0; i < dense.Length; i++)
        {
            Assert.Equal(dense.Data[i], sparse.Data[i], 4);
        }
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
