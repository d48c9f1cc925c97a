using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Gat;

/// <summary>
/// One relation-aware multi-head graph attention layer. For an edge j → i of relation r and head k:
/// e = LeakyReLU(a_src·z_j + a_dst·z_i + b_r), α = softmax of e over i's incoming edges,
/// m_i = Σ α · (z_j ⊙ g_r) with z = h W and a per-relation gate g_r (initially 1); then
/// h'_i = LayerNorm(ELU(m_i + bias) + h_i) (a residual), with dropout while training.
/// </summary>
public sealed class GatLayer
{
    private readonly GatOptions _options;
    private readonly Tensor _weight;
    private readonly Tensor _attendSource;
    private readonly Tensor _attendTarget;
    private readonly Tensor _relationBias;
    private readonly Tensor _relationGate;
    private readonly Tensor _bias;
    private readonly Tensor _gamma;
    private readonly Tensor _beta;

    public GatLayer(int relations, GatOptions options, DeterministicRandom random)
    {
        if (options.Hidden % options.Heads != 0)
        {
            throw new ArgumentException($"Hidden width {options.Hidden} does not split into {options.Heads} heads.");
        }

        _options = options;
        _weight = Init.Xavier(options.Hidden, options.Hidden, random);
        _attendSource = Init.Xavier(1, options.Hidden, random);
        _attendTarget = Init.Xavier(1, options.Hidden, random);
        _relationBias = Init.Constant(relations, options.Heads, 0f);
        _relationGate = Init.Constant(relations, options.Hidden, 1f);
        _bias = Init.Constant(1, options.Hidden, 0f);
        _gamma = Init.Constant(1, options.Hidden, 1f);
        _beta = Init.Constant(1, options.Hidden, 0f);
    }

    public IEnumerable<Tensor> Parameters => [_weight, _attendSource, _attendTarget, _relationBias, _relationGate, _bias, _gamma, _beta];

    /// <summary>New node states, and the attention weights (edges × heads) that made them.</summary>
    public (Tensor States, Tensor Attention) Forward(Tape tape, Tensor h, EdgeIndex edges, DeterministicRandom random)
    {
        var heads = _options.Heads;
        var z = tape.MatMul(h, _weight);
        var logits = tape.EdgeLogits(tape.HeadDot(z, _attendSource, heads), tape.HeadDot(z, _attendTarget, heads), _relationBias, edges, _options.AttentionSlope);
        var alpha = tape.SegmentSoftmax(logits, edges);
        var attended = tape.Dropout(alpha, _options.AttentionDropout, random);
        var messages = tape.AttentionAggregate(z, attended, _relationGate, edges);
        var updated = tape.Add(tape.Elu(tape.Add(messages, _bias)), h);
        var normalized = tape.LayerNorm(updated, _gamma, _beta);
        return (tape.Dropout(normalized, _options.Dropout, random), alpha);
    }
}
