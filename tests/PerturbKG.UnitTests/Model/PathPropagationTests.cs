using PerturbKG.Model;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.UnitTests.Model;

/// <summary>The path term's custom autograd function: its value by brute force over paths, its gradient by finite differences.</summary>
public sealed class PathPropagationTests
{
    private const int Heads = 2;

    [Fact]
    public void Forward_SumsAttentionProductsOverEveryPath()
    {
        var edges = Edges();
        var alpha = Attention(edges, seed: 1);
        int[] drugs = [0, 2];
        int[] landmarks = [3, 4, 1];
        using var scope = NewDisposeScope();

        var output = PathPropagation.Apply(edges, drugs, landmarks, alpha.Select(a => a.ToTensor()).ToList());

        Assert.Equal([3L, Heads, 2L], output.shape);
        var values = output.data<float>().ToArray();
        for (var g = 0; g < landmarks.Length; g++)
        {
            for (var h = 0; h < Heads; h++)
            {
                for (var d = 0; d < drugs.Length; d++)
                {
                    var expected = BruteForce(edges, alpha, drugs[d], landmarks[g], h);
                    Assert.Equal(expected, values[(((g * Heads) + h) * drugs.Length) + d], 5);
                }
            }
        }
    }

    [Fact]
    public void Backward_AgreesWithFiniteDifferences()
    {
        var edges = Edges();
        var alpha = Attention(edges, seed: 2);
        int[] drugs = [0, 1, 2];
        int[] landmarks = [3, 4];
        var random = new DeterministicRandom(7);
        var projection = Enumerable.Range(0, landmarks.Length * Heads * drugs.Length).Select(_ => (float)random.NextGaussian()).ToArray();
        using var scope = NewDisposeScope();
        var inputs = alpha.Select(a => a.ToTensor().requires_grad_()).ToList();
        var weights = tensor(projection, [landmarks.Length, Heads, drugs.Length]);

        (PathPropagation.Apply(edges, drugs, landmarks, inputs) * weights).sum().backward();

        double Loss(IReadOnlyList<Matrix> a)
        {
            using var inner = NewDisposeScope();
            using var guard = no_grad();
            return (PathPropagation.Apply(edges, drugs, landmarks, a.Select(m => m.ToTensor()).ToList()) * weights).sum().item<float>();
        }

        for (var l = 0; l < alpha.Count; l++)
        {
            var analytic = inputs[l].grad!.data<float>().ToArray();
            for (var i = 0; i < alpha[l].Length; i++)
            {
                const float h = 1e-2f;
                var original = alpha[l].Data[i];
                alpha[l].Data[i] = original + h;
                var plus = Loss(alpha);
                alpha[l].Data[i] = original - h;
                var minus = Loss(alpha);
                alpha[l].Data[i] = original;
                var numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)),
                    $"layer {l}, attention {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
            }
        }
    }

    // Five nodes, a few edges both ways and a self-loop each.
    private static EdgeIndex Edges()
    {
        (int, int)[] pairs = [(0, 1), (1, 0), (1, 3), (3, 1), (2, 1), (1, 2), (2, 4), (4, 2), (3, 4), (4, 3), (0, 0), (1, 1), (2, 2), (3, 3), (4, 4)];
        return new EdgeIndex(5, pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray(), new int[pairs.Length], 1);
    }

    private static List<Matrix> Attention(EdgeIndex edges, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        return Enumerable.Range(0, 3).Select(_ =>
        {
            var m = new Matrix(edges.Count, Heads);
            for (var i = 0; i < m.Length; i++)
            {
                m.Data[i] = 0.1f + (float)random.NextDouble();
            }

            return m;
        }).ToList();
    }

    // Every walk of one edge per layer from the drug that ends at the gene: the sum of its attention products.
    private static double BruteForce(EdgeIndex edges, IReadOnlyList<Matrix> alpha, int drug, int gene, int head)
    {
        double Walk(int node, int layer) => layer == alpha.Count
            ? (node == gene ? 1 : 0)
            : Enumerable.Range(0, edges.Count).Where(e => edges.Source[e] == node).Sum(e => alpha[layer][e, head] * Walk(edges.Target[e], layer + 1));
        return Walk(drug, 0);
    }
}
