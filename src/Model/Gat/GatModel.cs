using PerturbKG.Model.Data;
using PerturbKG.Model.Torch;
using PerturbKG.Model.Training;
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
    private readonly PriorTerm? prior;
    private readonly Tensor? correction;

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
        if (options.Prior)
        {
            prior = new PriorTerm("prior", data, device);
            correction = ones(1, device: device);
            register_buffer("correction", correction);
        }

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
        var theirs = copy.state_dict();
        foreach (var (key, mine) in state_dict())
        {
            theirs[key].copy_(mine);
        }

        return copy;
    }

    /// <summary>The path term's readout: a weight per landmark gene and head (genes × heads), and the overall scale.</summary>
    public (Matrix Weights, float Scale) PathReadout => (Matrix.FromTensor(head.PathWeights), head.PathNormalizer * Correction);

    /// <summary>What the prior reads, or null when the model has none (<see cref="GatOptions.Prior"/>).</summary>
    public string? PriorDescription => prior?.Description;

    /// <summary>
    /// The factor on the learned correction (the head's output) added to the prior: 1 while training, then chosen on the
    /// validation fold by the trainer. Always 1 without a prior.
    /// </summary>
    public float Correction
    {
        get => correction is null ? 1f : correction.cpu().item<float>();
        set
        {
            if (correction is null)
            {
                throw new InvalidOperationException("Only a GAT with a prior scales its correction.");
            }

            using var guard = no_grad();
            correction.fill_(value);
        }
    }

    /// <summary>Fits the prior on the training fold (penalty on the validation fold); returns the choice made, or null without a prior.</summary>
    public string? FitPrior(IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation, TrainingMeans means, CancellationToken ct) =>
        prior?.Fit(train, validation, means, ct);

    public override Tensor Forward(PairBatch batch)
    {
        var (states, attention) = Embed();
        return Output(head.Forward(states, attention, Edges, _data.Landmarks, _landmarkRows, batch), batch);
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
            return Matrix.FromTensor(Output(head.Forward(states, attention, Edges, _data.Landmarks, _landmarkRows, batch), batch));
        };
    }

    // The prediction: the prior plus the scaled correction, in the pair's frame.
    private Tensor Output(Tensor learned, PairBatch batch) =>
        batch.Frame(prior is null || correction is null ? learned : prior.Forward(batch) + (learned * correction));

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
