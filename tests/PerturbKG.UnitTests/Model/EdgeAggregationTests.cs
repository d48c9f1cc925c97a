using PerturbKG.Model;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.UnitTests.Model;

/// <summary>The GAT's fused CPU aggregation against the gather/index_add form (what a GPU runs) and finite differences.</summary>
public sealed class EdgeAggregationTests
{
    [Fact]
    public void FusedLayers_GiveTheSameOutputAndGradients_AsGatherAndIndexAdd()
    {
        var pairs = TinyGraph.Pairs();
        var batch = new TrainingMeans(pairs).Batch(pairs);
        var options = new GatOptions { Hidden = 16, Heads = 2, Layers = 3, Dropout = 0f, Seed = 5 };
        var fused = new GatModel(TinyGraph.Build(), options);
        var unfused = new GatModel(TinyGraph.Build(), options);
        foreach (var layer in unfused.Layers)
        {
            layer.Unfused = true;
        }

        using var scope = NewDisposeScope();
        var (a, b) = (fused.Forward(batch), unfused.Forward(batch));
        a.square().sum().backward();
        b.square().sum().backward();

        Assert.True(allclose(a, b, rtol: 1e-5, atol: 1e-5), "outputs differ");
        foreach (var ((name, p), (_, q)) in fused.named_parameters().Zip(unfused.named_parameters()))
        {
            Assert.True(allclose(p.grad!, q.grad!, rtol: 1e-4, atol: 1e-5), $"gradient of {name} differs");
        }
    }

    [Fact]
    public void Backward_AgreesWithFiniteDifferences()
    {
        (int, int, int)[] list = [(0, 1, 0), (2, 1, 1), (1, 0, 0), (2, 0, 1), (0, 2, 1), (1, 2, 0), (0, 0, 2), (1, 1, 2), (2, 2, 2)];
        var index = new EdgeIndex(3, list.Select(e => e.Item1).ToArray(), list.Select(e => e.Item2).ToArray(), list.Select(e => e.Item3).ToArray(), 3);
        var edges = new GraphEdges(index, CPU);
        var random = new DeterministicRandom(4);
        Matrix Random(int rows, int cols, bool positive) =>
            new(rows, cols, Enumerable.Range(0, rows * cols).Select(_ => positive ? (float)random.NextDouble() : (float)random.NextGaussian()).ToArray());
        var (z, gate, alpha) = (Random(3, 4, false), Random(3, 4, false), Random(index.Count, 2, true));
        using var scope = NewDisposeScope();
        var weights = randn(3, 4, generator: new Generator(1));
        var (zt, gt, at) = (z.ToTensor().requires_grad_(), gate.ToTensor().requires_grad_(), alpha.ToTensor().requires_grad_());

        (EdgeAggregation.Apply(edges, zt, gt, at) * weights).sum().backward();

        double Loss()
        {
            using var guard = no_grad();
            return (EdgeAggregation.Apply(edges, z.ToTensor(), gate.ToTensor(), alpha.ToTensor()) * weights).sum().item<float>();
        }

        foreach (var (input, analytic) in new[] { (z, zt.grad!.data<float>().ToArray()), (gate, gt.grad!.data<float>().ToArray()), (alpha, at.grad!.data<float>().ToArray()) })
        {
            for (var i = 0; i < input.Length; i++)
            {
                const float h = 1e-2f;
                var original = input.Data[i];
                input.Data[i] = original + h;
                var plus = Loss();
                input.Data[i] = original - h;
                var minus = Loss();
                input.Data[i] = original;
                var numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)), $"value {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
            }
        }
    }
}
