using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// One relation-aware multi-head graph attention layer. For an edge j → i of relation r and head k:
/// e = LeakyReLU(a_src·z_j + a_dst·z_i + b_r,k), α = softmax of e over i's incoming edges,
/// m_i = Σ α · (z_j ⊙ g_r) with z = h W and a per-relation gate g_r (initially 1); then
/// h'_i = LayerNorm(ELU(m_i + bias) + h_i) (a residual), with dropout while training.
/// On the CPU the gated, attention-weighted sum over edges is <see cref="EdgeAggregation"/> (no edges × hidden tensor);
/// elsewhere gather and index_add.
/// </summary>
public sealed class GatLayer : nn.Module<Tensor, Tensor>
{
    private readonly GraphEdges _edges;
    private readonly GatOptions _options;
    private readonly Linear weight;
    private readonly Parameter attend_source;
    private readonly Parameter attend_target;
    private readonly Parameter relation_bias;
    private readonly Parameter relation_gate;
    private readonly Parameter bias;
    private readonly LayerNorm norm;

    private readonly Generator _dropout;

    public GatLayer(string name, GraphEdges edges, GatOptions options, Generator dropout) : base(name)
    {
        _dropout = dropout;
        var (hidden, heads) = (options.Hidden, options.Heads);
        if (hidden % heads != 0)
        {
            throw new ArgumentException($"Hidden width {hidden} does not split into {heads} heads.");
        }

        (_edges, _options) = (edges, options);
        weight = nn.Linear(hidden, hidden, hasBias: false);
        nn.init.xavier_uniform_(weight.weight);
        var bound = Math.Sqrt(6.0 / (hidden + 1));
        attend_source = nn.Parameter(empty(heads, hidden / heads).uniform_(-bound, bound));
        attend_target = nn.Parameter(empty(heads, hidden / heads).uniform_(-bound, bound));
        relation_bias = nn.Parameter(zeros(edges.Relations, heads));
        relation_gate = nn.Parameter(ones(edges.Relations, hidden));
        bias = nn.Parameter(zeros(hidden));
        norm = nn.LayerNorm(hidden);
        RegisterComponents();
    }

    /// <summary>The attention weights (edges × heads) of the last forward pass, in the order of the model's edges.</summary>
    public Tensor? Attention { get; private set; }

    /// <summary>Aggregate with gather and index_add even on the CPU (the path a GPU takes), to compare the two.</summary>
    public bool Unfused { get; set; }

    public override Tensor forward(Tensor h)
    {
        var (nodes, hidden, heads) = (h.shape[0], h.shape[1], (long)_options.Heads);
        var z = weight.forward(h);
        var perHead = z.view(nodes, heads, hidden / heads);
        var fromSource = (perHead * attend_source).sum(-1);
        var fromTarget = (perHead * attend_target).sum(-1);
        var logits = nn.functional.leaky_relu(
            fromSource.index_select(0, _edges.Source) + fromTarget.index_select(0, _edges.Target) + relation_bias.index_select(0, _edges.Relation),
            _options.AttentionSlope);
        var alpha = _edges.SegmentSoftmax(logits);
        Attention = alpha;
        var attended = _options.AttentionDropout > 0 ? PerturbationModule.Dropout(alpha, _options.AttentionDropout, training, _dropout) : alpha;
        Tensor messages;
        if (h.device.type == TorchSharp.DeviceType.CPU && !Unfused)
        {
            messages = EdgeAggregation.Apply(_edges, z, relation_gate, attended);
        }
        else
        {
            // The gate applied to every node once per relation (relations × nodes × hidden), rows gathered per edge.
            var gated = (z.unsqueeze(0) * relation_gate.unsqueeze(1)).view(-1, hidden);
            var carried = gated.index_select(0, _edges.GatedSource).view(-1, heads, hidden / heads) * attended.unsqueeze(-1);
            messages = zeros(nodes, hidden, device: h.device).index_add(0, _edges.Target, carried.view(-1, hidden), 1.0);
        }

        var updated = norm.forward(nn.functional.elu(messages + bias, 1.0) + h);
        return PerturbationModule.Dropout(updated, _options.Dropout, training, _dropout);
    }
}
