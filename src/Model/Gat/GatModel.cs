using PerturbKG.Model.Data;
using PerturbKG.Model.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// The heterogeneous graph attention network: input projections per node type, <see cref="GatOptions.Layers"/>
/// relation-aware attention layers over every edge in both directions plus self-loops, and the perturbation head.
/// A TorchSharp module: parameters are named <c>input.*</c>, <c>layers.N.*</c> and <c>head.*</c>.
/// </summary>
public sealed class GatModel : PerturbationModule
{
    private readonly GraphData _data;
    private readonly GatOptions _options;
    private readonly GraphEdges _graphEdges;
    private readonly Tensor _landmarkRows;
    private readonly InputProjection input;
    private readonly ModuleList<GatLayer> layers;
    private readonly PerturbationHead head;

    public GatModel(GraphData data, GatOptions options, string name = "gat", Device? device = null)
        : this(data, options, name, device ?? CPU, normalise: true)
    {
    }

    private GatModel(GraphData data, GatOptions options, string name, Device device, bool normalise) : base(name, device)
    {
        using var initialising = TorchRuntime.Initialisation.EnterScope();
        TorchRuntime.Seed(options.Seed);
        _data = data;
        _options = options;
        Edges = WithSelfLoops(data.Edges);
        _graphEdges = new GraphEdges(Edges, device);
        _landmarkRows = PairBatch.Rows(data.Landmarks, device);
        input = new InputProjection("input", data, options, device);
        layers = nn.ModuleList(Enumerable.Range(0, options.Layers).Select(l => new GatLayer($"layer{l}", _graphEdges, options, DropoutGenerator)).ToArray());
        head = new PerturbationHead("head", options.Hidden, options.Heads, data.Landmarks.Length, options.Dropout, DropoutGenerator);
        RegisterComponents();
        this.to(device);
        if (normalise)
        {
            head.PathNormalizer = InitialPathNormalizer();
        }
    }

    /// <summary>Graph the model runs on (nodes, features, stored edges).</summary>
    public GraphData Graph => _data;

    public GatOptions Options => _options;

    /// <summary>
    /// The edges attention runs over: the graph's, plus one self-loop per node (the last relation id, tagged
    /// <see cref="SelfLoopTag"/>); other tags are the graph's.
    /// </summary>
    public EdgeIndex Edges { get; }

    public const int SelfLoopTag = int.MinValue;

    /// <summary>The attention layers, first to last.</summary>
    internal IReadOnlyList<GatLayer> Layers => [.. layers];

    /// <summary>
    /// This model's weights on another graph with the same nodes and relations (e.g. with some edges removed), to
    /// see how a prediction depends on edges.
    /// </summary>
    public GatModel Rewired(GraphData graph)
    {
        var copy = new GatModel(graph, _options, Name, Device, normalise: false);
        using var guard = no_grad();
        foreach (var ((_, mine), (_, theirs)) in named_parameters().Zip(copy.named_parameters()))
        {
            theirs.copy_(mine);
        }

        return copy;
    }

    /// <summary>The path term's readout: a weight per landmark gene and head (genes × heads), and the overall scale.</summary>
    public (Matrix Weights, float Scale) PathReadout => (Matrix.FromTensor(head.PathWeights), head.PathNormalizer);

    public override Tensor Forward(PairBatch batch)
    {
        var (states, attention) = Embed();
        return head.Forward(states, attention, Edges, _data.Landmarks, _landmarkRows, batch);
    }

    /// <summary>Final node states, and every layer's attention (edges × heads, over <see cref="Edges"/>).</summary>
    public (Tensor States, IReadOnlyList<Tensor> Attention) Embed()
    {
        var h = Dropout(input.Forward(), _options.Dropout, training, DropoutGenerator);
        var attention = new List<Tensor>();
        foreach (var layer in layers)
        {
            h = layer.forward(h);
            attention.Add(layer.Attention!);
        }

        return (h, attention);
    }

    /// <summary>Every layer's attention (edges × heads) in evaluation mode, for explanations.</summary>
    public IReadOnlyList<Matrix> Attention()
    {
        eval();
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return Embed().Attention.Select(Matrix.FromTensor).ToList();
    }

    /// <summary>Embeds the graph once (evaluation mode, no gradients) and predicts any number of batches from it.</summary>
    public override Func<PairBatch, Matrix> Predictor()
    {
        eval();
        Tensor states;
        IReadOnlyList<Tensor> attention;
        using (var guard = no_grad())
        {
            (states, attention) = Embed();
        }

        return batch =>
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            return Matrix.FromTensor(head.Forward(states, attention, Edges, _data.Landmarks, _landmarkRows, batch));
        };
    }

    // With the initial attention, how strong a drug's propagated signal is at the landmark genes on average: its
    // inverse puts the path term on the scale of the (standardised) targets from the start.
    private float InitialPathNormalizer()
    {
        var drugs = _data.Block("Drug");
        if (drugs is null || drugs.Count == 0)
        {
            return 1f;
        }

        var wasTraining = training;
        eval();
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var (_, attention) = Embed();
        var sample = Enumerable.Range(drugs.Offset, Math.Min(64, drugs.Count)).ToList();
        var mean = PathPropagation.Apply(Edges, sample, _data.Landmarks, attention).abs().mean().item<float>();
        train(wasTraining);
        return mean > 1e-12 ? 1 / mean : 1f;
    }

    private static EdgeIndex WithSelfLoops(EdgeIndex edges)
    {
        var n = edges.Nodes;
        var self = edges.Relations;
        return new EdgeIndex(
            n,
            [.. edges.Source, .. Enumerable.Range(0, n)],
            [.. edges.Target, .. Enumerable.Range(0, n)],
            [.. edges.Relation, .. Enumerable.Repeat(self, n)],
            edges.Relations + 1,
            [.. edges.Tags, .. Enumerable.Repeat(SelfLoopTag, n)]);
    }
}
