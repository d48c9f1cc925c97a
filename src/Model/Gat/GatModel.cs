using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Gat;

/// <summary>
/// The heterogeneous graph attention network: input projections per node type, <see cref="GatOptions.Layers"/>
/// relation-aware attention layers over every edge in both directions plus self-loops, and the perturbation head.
/// </summary>
public sealed class GatModel : IPerturbationModel
{
    private readonly GraphData _data;
    private readonly GatOptions _options;
    private readonly InputProjection _input;
    private readonly List<GatLayer> _layers = [];
    private readonly PerturbationHead _head;
    private readonly DeterministicRandom _dropout;

    public GatModel(GraphData data, GatOptions options, string name = "gat")
        : this(data, options, name, normalise: true)
    {
    }

    private GatModel(GraphData data, GatOptions options, string name, bool normalise)
    {
        _data = data;
        _options = options;
        Name = name;
        var random = new DeterministicRandom(options.Seed);
        Edges = WithSelfLoops(data.Edges);
        _input = new InputProjection(data, options, random.Fork("input"));
        for (var l = 0; l < options.Layers; l++)
        {
            _layers.Add(new GatLayer(Edges.Relations, options, random.Fork($"layer {l}")));
        }

        _head = new PerturbationHead(options.Hidden, options.Heads, data.Landmarks.Length, options.Dropout, random.Fork("head"));
        _dropout = random.Fork("dropout");
        Parameters = _input.Parameters.Concat(_layers.SelectMany(l => l.Parameters)).Concat(_head.Parameters).ToList();
        if (normalise)
        {
            _head.PathNormalizer = InitialPathNormalizer();
        }
    }

    /// <summary>Graph the model runs on (nodes, features, stored edges).</summary>
    public GraphData Graph => _data;

    /// <summary>
    /// This model's weights on another graph with the same nodes and relations (e.g. with some edges removed), to
    /// see how a prediction depends on edges.
    /// </summary>
    public GatModel Rewired(GraphData graph)
    {
        var copy = new GatModel(graph, _options, Name, normalise: false);
        for (var i = 0; i < Parameters.Count; i++)
        {
            Parameters[i].Data.CopyTo(copy.Parameters[i].Data, 0);
        }

        return copy;
    }

    /// <summary>The path term's readout: a weight per landmark gene and head (genes × heads), and the overall scale.</summary>
    public (Tensor Weights, float Scale) PathReadout => (_head.PathWeights, _head.PathNormalizer);

    public string Name { get; }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// The edges attention runs over: the graph's, plus one self-loop per node (the last relation id, tagged
    /// <see cref="SelfLoopTag"/>); other tags are the graph's.
    /// </summary>
    public EdgeIndex Edges { get; }

    public GatOptions Options => _options;

    public const int SelfLoopTag = int.MinValue;

    public Tensor Predict(Tape tape, PairBatch batch)
    {
        var (states, attention) = Embed(tape);
        return _head.Forward(tape, states, attention, Edges, _data.Landmarks, batch, _dropout);
    }

    /// <summary>Final node states, and every layer's attention (edges × heads, over <see cref="Edges"/>).</summary>
    public (Tensor States, IReadOnlyList<Tensor> Attention) Embed(Tape tape)
    {
        var h = tape.Dropout(_input.Forward(tape, _data.Blocks), _options.Dropout, _dropout);
        var attention = new List<Tensor>();
        foreach (var layer in _layers)
        {
            (h, var alpha) = layer.Forward(tape, h, Edges, _dropout);
            attention.Add(alpha);
        }

        return (h, attention);
    }

    public Func<PairBatch, Tensor> Predictor()
    {
        var tape = Tape.NoGrad();
        var (states, attention) = Embed(tape);
        return batch => PredictFrom(tape, states, attention, batch);
    }

    /// <summary>Predictions for pairs from node states and attention computed once (evaluation of many pairs).</summary>
    public Tensor PredictFrom(Tape tape, Tensor states, IReadOnlyList<Tensor> attention, PairBatch batch) =>
        _head.Forward(tape, states, attention, Edges, _data.Landmarks, batch, _dropout);

    // With the initial attention, how strong a drug's propagated signal is at the landmark genes on average: its
    // inverse puts the path term on the scale of the (standardised) targets from the start.
    private float InitialPathNormalizer()
    {
        var drugs = _data.Block("Drug");
        if (drugs is null || drugs.Count == 0)
        {
            return 1f;
        }

        var tape = Tape.NoGrad();
        var (_, attention) = Embed(tape);
        var sample = Enumerable.Range(drugs.Offset, Math.Min(64, drugs.Count)).ToList();
        var reached = _head.Propagate(tape, attention, Edges, _data.Landmarks, sample);
        var mean = reached.Data.Average(v => Math.Abs(v));
        return mean > 1e-12 ? (float)(1 / mean) : 1f;
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
