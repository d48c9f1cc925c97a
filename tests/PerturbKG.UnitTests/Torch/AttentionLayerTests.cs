using PerturbKG.Model;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Tensors;
using PerturbKG.Model.Torch;
using PerturbKG.UnitTests.Model;
using TorchSharp;
using OwnTensor = PerturbKG.Model.Tensors.Tensor;

namespace PerturbKG.UnitTests.Torch;

/// <summary>The TorchSharp attention layer on the tiny graph: its softmax, its named parameters, and the own engine's maths.</summary>
public sealed class AttentionLayerTests
{
    private const int Hidden = 16, Heads = 2;

    [Fact]
    public void Forward_GivesAttentionThatSumsToOne_OverEachNodesIncomingEdges()
    {
        using var scope = torch.NewDisposeScope();
        var (edges, index) = Edges();
        var layer = new AttentionLayer("layer", edges, Hidden, Heads);

        var states = layer.forward(torch.randn(index.Nodes, Hidden));

        Assert.Equal([index.Nodes, Hidden], states.shape);
        var totals = torch.zeros(index.Nodes, Heads).index_add(0, edges.Target, layer.Attention!, 1.0);
        Assert.All(totals.data<float>().ToArray(), t => Assert.Equal(1f, t, 5));
    }

    [Fact]
    public void Parameters_AreNamed_AndAllReceiveGradients()
    {
        using var scope = torch.NewDisposeScope();
        var (edges, index) = Edges();
        var layer = new AttentionLayer("layer", edges, Hidden, Heads);

        layer.forward(torch.randn(index.Nodes, Hidden)).pow(2).sum().backward();

        Assert.Equal(
            ["attend_source", "attend_target", "bias", "norm.bias", "norm.weight", "relation_bias", "relation_gate", "weight.weight"],
            layer.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal));
        Assert.All(layer.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Forward_EqualsTheOwnEnginesLayer_WithTheSameWeights()
    {
        using var scope = torch.NewDisposeScope();
        var (edges, index) = Edges();
        var options = new GatOptions { Hidden = Hidden, Heads = Heads, Dropout = 0, AttentionDropout = 0 };
        var own = new GatLayer(index.Relations, options, new DeterministicRandom(5));
        var ownParameters = own.Parameters.ToList(); // weight, attend source/target, relation bias/gate, bias, gamma, beta
        foreach (var p in ownParameters.Skip(3).Take(2))
        {
            for (var i = 0; i < p.Length; i++)
            {
                p.Data[i] += 0.1f * MathF.Sin(i + 1); // biases and gates away from their initial 0 and 1
            }
        }

        var layer = new AttentionLayer("layer", edges, Hidden, Heads);
        using (torch.no_grad())
        {
            var named = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            named["weight.weight"].copy_(Torch(ownParameters[0]).t());
            named["attend_source"].copy_(Torch(ownParameters[1]).view(Heads, Hidden / Heads));
            named["attend_target"].copy_(Torch(ownParameters[2]).view(Heads, Hidden / Heads));
            named["relation_bias"].copy_(Torch(ownParameters[3]));
            named["relation_gate"].copy_(Torch(ownParameters[4]));
            named["bias"].copy_(Torch(ownParameters[5]).view(Hidden));
            named["norm.weight"].copy_(Torch(ownParameters[6]).view(Hidden));
            named["norm.bias"].copy_(Torch(ownParameters[7]).view(Hidden));
        }

        var random = new DeterministicRandom(9);
        var input = new OwnTensor(index.Nodes, Hidden, Enumerable.Range(0, index.Nodes * Hidden).Select(_ => (float)random.NextGaussian()).ToArray());
        var (expected, expectedAttention) = own.Forward(Tape.NoGrad(), input, index, random);

        var actual = layer.forward(Torch(input));

        Assert.Equal(expected.Data, actual.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-4);
        Assert.Equal(expectedAttention.Data, layer.Attention!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    private static torch.Tensor Torch(OwnTensor t) => torch.tensor(t.Data, [t.Rows, t.Cols]);

    // The tiny graph's message-passing edges with one self-loop per node (as the GAT runs them), sorted by target.
    private static (GraphEdges, EdgeIndex) Edges()
    {
        var index = new GatModel(TinyGraph.Build(), new GatOptions { Hidden = Hidden, Heads = Heads }).Edges;
        return (new GraphEdges(index.Nodes, index.Source, index.Target, index.Relation, index.Relations), index);
    }
}
