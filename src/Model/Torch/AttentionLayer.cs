using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Torch;

/// <summary>
/// The GAT's relation-aware attention layer as a TorchSharp module (the port of <c>Gat/GatLayer</c>, issue 13; not yet
/// used by the GAT). For an edge j → i of relation r and head k: e = LeakyReLU(a_src·z_j + a_dst·z_i + b_r,k),
/// α = softmax of e over i's incoming edges, m_i = Σ α (z_j ⊙ g_r) with z = h W, then
/// h'_i = LayerNorm(ELU(m_i + bias) + h_i). Parameters are named as in a <c>state_dict</c>.
/// </summary>
public sealed class AttentionLayer : nn.Module<Tensor, Tensor>
{
    private readonly GraphEdges _edges;
    private readonly int _heads;
    private readonly double _slope;
    private readonly Linear weight;
    private readonly Parameter attend_source;
    private readonly Parameter attend_target;
    private readonly Parameter relation_bias;
    private readonly Parameter relation_gate;
    private readonly Parameter bias;
    private readonly LayerNorm norm;

    public AttentionLayer(string name, GraphEdges edges, int hidden, int heads, double slope = 0.2) : base(name)
    {
        if (hidden % heads != 0)
        {
            throw new ArgumentException($"Hidden width {hidden} does not split into {heads} heads.");
        }

        (_edges, _heads, _slope) = (edges, heads, slope);
        weight = nn.Linear(hidden, hidden, hasBias: false);
        var bound = Math.Sqrt(6.0 / (hidden + heads));
        attend_source = nn.Parameter(empty(heads, hidden / heads).uniform_(-bound, bound));
        attend_target = nn.Parameter(empty(heads, hidden / heads).uniform_(-bound, bound));
        relation_bias = nn.Parameter(zeros(edges.Relations, heads));
        relation_gate = nn.Parameter(ones(edges.Relations, hidden));
        bias = nn.Parameter(zeros(hidden));
        norm = nn.LayerNorm(hidden);
        RegisterComponents();
    }

    /// <summary>The attention weights (edges × heads) of the last forward pass, in the order of <see cref="GraphEdges"/>.</summary>
    public Tensor? Attention { get; private set; }

    public override Tensor forward(Tensor h)
    {
        var (nodes, hidden) = (h.shape[0], h.shape[1]);
        var z = weight.forward(h);
        var perHead = z.view(nodes, _heads, hidden / _heads);
        var fromSource = (perHead * attend_source).sum(-1);
        var fromTarget = (perHead * attend_target).sum(-1);
        var logits = nn.functional.leaky_relu(
            fromSource.index_select(0, _edges.Source) + fromTarget.index_select(0, _edges.Target) + relation_bias.index_select(0, _edges.Relation),
            _slope);
        var alpha = _edges.SegmentSoftmax(logits, nodes);
        Attention = alpha;
        var carried = (z.index_select(0, _edges.Source) * relation_gate.index_select(0, _edges.Relation))
            .view(-1, _heads, hidden / _heads) * alpha.unsqueeze(-1);
        var messages = zeros(nodes, hidden, device: h.device).index_add(0, _edges.Target, carried.view(-1, hidden), 1.0);
        return norm.forward(nn.functional.elu(messages + bias, 1.0) + h);
    }
}
