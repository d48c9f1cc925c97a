using PerturbKG.Model.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Predicts a pair's standardised 978-gene residual (see <see cref="PairBatch.Frame(Tensor)"/>; with a prior, its
/// correction of the prior) as the sum of two terms:
/// <list type="bullet">
/// <item>a path term: a unit signal placed on the drug's node is propagated through every layer's attention, head by
/// head (x_l[i] = Σ_{j → i} α_l[j → i] x_{l−1}[j]), and read out at each landmark gene g with a learned weight per
/// gene and head — so it is exactly a sum over drug → … → g paths of the product of their attention weights
/// (<see cref="PathPropagation"/>);</item>
/// <item>a state term: a query q = MLP([h_drug ‖ h_cell ‖ h_drug ⊙ h_cell]) matched against a key per landmark gene,
/// k_g = W h_g, as q · k_g / √width, plus a bias per gene.</item>
/// </list>
/// </summary>
public sealed class PerturbationHead : nn.Module
{
    private readonly double _scale;
    private readonly double _dropout;
    private readonly Linear pair;
    private readonly Linear query;
    private readonly Linear key;
    private readonly Parameter gene_bias;
    private readonly Parameter path_weights;
    private readonly Parameter path_scale;

    private readonly Generator _generator;

    public PerturbationHead(string name, int hidden, int heads, int genes, float dropout, Generator generator) : base(name)
    {
        _generator = generator;
        pair = nn.Linear(3 * hidden, hidden);
        nn.init.kaiming_uniform_(pair.weight, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.zeros_(pair.bias);
        query = nn.Linear(hidden, hidden);
        nn.init.xavier_uniform_(query.weight);
        nn.init.zeros_(query.bias);
        key = nn.Linear(hidden, hidden, hasBias: false);
        nn.init.xavier_uniform_(key.weight);
        gene_bias = nn.Parameter(zeros(genes));
        path_weights = nn.Parameter(zeros(genes, heads));
        path_scale = nn.Parameter(ones(1));
        _scale = 1 / Math.Sqrt(hidden);
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Weight of each head's propagated signal at each landmark gene (genes × heads).</summary>
    public Tensor PathWeights => path_weights;

    /// <summary>
    /// Multiplies the raw path signal so it starts at unit scale: set once from the initial attention, then a
    /// parameter like any other (so checkpoints carry it).
    /// </summary>
    public float PathNormalizer
    {
        get => path_scale.detach().cpu().item<float>();
        set
        {
            using var guard = no_grad();
            path_scale.fill_(value);
        }
    }

    /// <param name="states">Final node states (nodes × hidden).</param>
    /// <param name="attention">Every layer's attention (edges × heads).</param>
    public Tensor Forward(Tensor states, IReadOnlyList<Tensor> attention, EdgeIndex edges, int[] landmarks, Tensor landmarkRows, PairBatch batch)
    {
        var device = states.device;
        var drug = states.index_select(0, PairBatch.Rows(batch.Drugs, device));
        var cell = states.index_select(0, PairBatch.Rows(batch.Cells, device));
        var hidden = PerturbationModule.Dropout(nn.functional.relu(pair.forward(cat([drug, cell, drug * cell], 1))), _dropout, training, _generator);
        var keys = key.forward(states.index_select(0, landmarkRows));
        var stateTerm = query.forward(hidden).matmul(keys.t()) * _scale;

        var distinct = batch.Drugs.Distinct().ToList();
        var slotOf = distinct.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var reached = PathPropagation.Apply(edges, distinct, landmarks, attention); // genes × heads × drugs
        var perPair = reached.index_select(2, PairBatch.Rows(batch.Drugs.Select(d => slotOf[d]).ToArray(), device));
        var pathTerm = (perPair * path_weights.unsqueeze(-1)).sum(1).t() * path_scale;
        return stateTerm + pathTerm + gene_bias;
    }
}
