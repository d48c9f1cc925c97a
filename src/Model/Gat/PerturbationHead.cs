using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Predicts a pair's standardised 978-gene residual (see <see cref="PairBatch.Frame"/>) as the sum of two terms:
/// <list type="bullet">
/// <item>a path term: a unit signal placed on the drug's node is propagated through every layer's attention, head by
/// head (x_l[i] = Σ_{j → i} α_l[j → i] x_{l−1}[j]), and read out at each landmark gene g with a learned weight per
/// gene and head — so it is exactly a sum over drug → … → g paths of the product of their attention weights;</item>
/// <item>a state term: a query q = MLP([h_drug ‖ h_cell ‖ h_drug ⊙ h_cell]) matched against a key per landmark gene,
/// k_g = W h_g, as q · k_g / √width, plus a bias per gene.</item>
/// </list>
/// </summary>
public sealed class PerturbationHead
{
    private readonly Tensor _hidden;
    private readonly Tensor _hiddenBias;
    private readonly Tensor _query;
    private readonly Tensor _queryBias;
    private readonly Tensor _key;
    private readonly Tensor _geneBias;
    private readonly Tensor _pathWeights;
    private readonly Tensor _pathScale;
    private readonly float _scale;
    private readonly float _dropout;
    private readonly int _heads;

    public PerturbationHead(int hidden, int heads, int genes, float dropout, DeterministicRandom random)
    {
        _hidden = Init.Kaiming(3 * hidden, hidden, random);
        _hiddenBias = Init.Constant(1, hidden, 0f);
        _query = Init.Xavier(hidden, hidden, random);
        _queryBias = Init.Constant(1, hidden, 0f);
        _key = Init.Xavier(hidden, hidden, random);
        _geneBias = Init.Constant(1, genes, 0f);
        _pathWeights = Init.Constant(genes, heads, 0f);
        _pathScale = Init.Constant(1, 1, 1f);
        _scale = 1f / MathF.Sqrt(hidden);
        _dropout = dropout;
        _heads = heads;
    }

    /// <summary>Weight of each head's propagated signal at each landmark gene (genes × heads).</summary>
    public Tensor PathWeights => _pathWeights;

    public IEnumerable<Tensor> Parameters => [_hidden, _hiddenBias, _query, _queryBias, _key, _geneBias, _pathWeights, _pathScale];

    /// <summary>
    /// Multiplies the raw path signal so it starts at unit scale: set once from the initial attention, then a
    /// parameter like any other (so checkpoints carry it).
    /// </summary>
    public float PathNormalizer
    {
        get => _pathScale.Data[0];
        set => _pathScale.Data[0] = value;
    }

    public Tensor Forward(Tape tape, Tensor states, IReadOnlyList<Tensor> attention, EdgeIndex edges, int[] landmarks, PairBatch batch, DeterministicRandom random)
    {
        var drug = tape.GatherRows(states, batch.Drugs);
        var cell = tape.GatherRows(states, batch.Cells);
        var pair = tape.ConcatColumns(drug, cell, tape.Mul(drug, cell));
        var hidden = tape.Dropout(tape.Relu(tape.Linear(pair, _hidden, _hiddenBias)), _dropout, random);
        var query = tape.Linear(hidden, _query, _queryBias);
        var keys = tape.MatMul(tape.GatherRows(states, landmarks), _key);
        var stateTerm = tape.Scale(tape.MatMulTransposed(query, keys), _scale);
        var pathTerm = tape.Mul(PathSignal(tape, attention, edges, landmarks, batch.Drugs, _pathWeights), _pathScale);
        return batch.Frame(tape, tape.Add(tape.Add(stateTerm, pathTerm), _geneBias));
    }

    /// <summary>The propagated signal each drug sends to each landmark gene, per head, before weighting (genes × heads·slots).</summary>
    public Tensor Propagate(Tape tape, IReadOnlyList<Tensor> attention, EdgeIndex edges, int[] landmarks, IReadOnlyList<int> drugs) =>
        tape.PathPropagate(attention, edges, drugs, landmarks);

    private Tensor PathSignal(Tape tape, IReadOnlyList<Tensor> attention, EdgeIndex edges, int[] landmarks, int[] pairDrugs, Tensor weights)
    {
        var distinct = pairDrugs.Distinct().ToList();
        var slotOf = distinct.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var reached = Propagate(tape, attention, edges, landmarks, distinct);
        return tape.PathReadout(reached, pairDrugs.Select(d => slotOf[d]).ToArray(), reached.Cols / _heads, weights);
    }
}
