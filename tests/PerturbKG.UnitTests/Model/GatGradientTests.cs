using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.UnitTests.Model;

/// <summary>The whole GAT's gradients (custom functions included) against finite differences of its loss.</summary>
public sealed class GatGradientTests
{
    [Theory]
    [InlineData("layers.0.attend_source")]
    [InlineData("layers.1.relation_bias")]
    [InlineData("layers.2.weight.weight")]
    [InlineData("input.Drug.weight")]
    [InlineData("head.path_weights")]
    [InlineData("head.path_scale")]
    public void Gradient_AgreesWithFiniteDifferences(string name)
    {
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var batch = means.Batch(pairs);
        var model = new GatModel(TinyGraph.Build(), new GatOptions { Hidden = 8, Heads = 2, Layers = 3, Dropout = 0f, Seed = 3 });
        using var scope = NewDisposeScope();
        var targets = TrainingMeans.Targets(pairs).ToTensor();
        // A generator of its own: drawing from the global one would race other tests building models from a seed.
        var noise = new Generator(11);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.add_(randn(p.shape, generator: noise) * 0.3); // away from the symmetric start (zero path weights, unit gates)
            }
        }

        var parameter = model.named_parameters().Single(p => p.name == name).parameter;
        model.train();
        nn.functional.mse_loss(model.Forward(batch), targets).backward();
        var analytic = parameter.grad!.clone().view(-1);

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var guard = no_grad();
            return nn.functional.mse_loss(model.Forward(batch), targets).to(float64).item<double>();
        }

        var flat = parameter.view(-1);
        for (var i = 0; i < Math.Min(12, flat.shape[0]); i++)
        {
            const double h = 1e-2;
            var original = flat[i].item<float>();
            using (no_grad()) { flat[i] = original + h; }
            var plus = Loss();
            using (no_grad()) { flat[i] = original - h; }
            var minus = Loss();
            using (no_grad()) { flat[i] = original; }
            var numeric = (plus - minus) / (2 * h);
            var value = analytic[i].item<float>();
            Assert.True(Math.Abs(numeric - value) <= 0.05 * Math.Max(1e-2, Math.Abs(numeric)), $"{name}[{i}]: analytic {value:G5}, numeric {numeric:G5}");
        }
    }
}
