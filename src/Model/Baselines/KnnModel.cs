using System.Numerics;
using PerturbKG.Model.Data;
using PerturbKG.Model.Training;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// Nearest neighbours by structure: the similarity-weighted mean standardised residual of the k training pairs whose
/// drugs are most similar to the pair's drug by ECFP4 Tanimoto, among training pairs of the same cell line (all
/// training pairs when training never saw the cell line). k is chosen on the validation fold. A drug without a
/// fingerprint, or with no similar training drug, gets the cell line's mean.
/// </summary>
public sealed class KnnModel : IFittedModel
{
    /// <summary>The values of k tried on the validation fold.</summary>
    public static readonly IReadOnlyList<int> Neighbourhoods = [1, 3, 5, 10, 20, 40, 80];

    private readonly NodeBlock? _drugs;
    private readonly Dictionary<int, ulong[]> _bits = [];
    private List<(int Drug, int Cell, double[] Residual)> _train = [];
    private readonly Dictionary<(int Drug, int Cell), List<(int Index, double Similarity)>> _ranked = [];

    public KnnModel(GraphData data)
    {
        _drugs = data.Block("Drug") is { FingerprintWidth: > 0 } drugs ? drugs : null;
    }

    public string Name => "knn";


    /// <summary>The k chosen on validation.</summary>
    public int K { get; private set; } = 20;

    public TrainingResult Fit(IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation, TrainingMeans means, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var residuals = StandardizedResiduals.Of(train, means);
        _train = train.Select((s, i) => (s.Drug, s.Cell, residuals[i])).ToList();
        _ranked.Clear();
        var observed = StandardizedResiduals.Of(validation, means);
        var history = new List<EpochLoss>();
        var best = (K: 20, Loss: double.PositiveInfinity);
        foreach (var k in Neighbourhoods)
        {
            ct.ThrowIfCancellationRequested();
            K = k;
            var loss = validation.Count == 0 ? double.NaN
                : StandardizedResiduals.MeanSquaredError(validation.Select(s => Residual(s.Drug, s.Cell)).ToArray(), observed);
            history.Add(new EpochLoss(history.Count + 1, double.NaN, loss, clock.Elapsed.TotalSeconds));
            if (loss < best.Loss)
            {
                best = (k, loss);
            }
        }

        K = best.K;
        return new TrainingResult(Name, history, 0, best.Loss, clock.Elapsed.TotalSeconds, false, $"k = {K}");
    }

    public Matrix Predict(PairBatch batch)
    {
        var genes = batch.Scale.Cols;
        var residual = new Matrix(batch.Count, genes);
        for (var i = 0; i < batch.Count; i++)
        {
            var values = Residual(batch.Drugs[i], batch.Cells[i]);
            for (var g = 0; g < genes; g++)
            {
                residual.Row(i)[g] = (float)values[g];
            }
        }

        return batch.Frame(residual);
    }

    /// <summary>Tanimoto similarity of two drugs' fingerprints (0 when either has none).</summary>
    public double Similarity(int drug, int other)
    {
        var (a, b) = (Bits(drug), Bits(other));
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        int both = 0, either = 0;
        for (var w = 0; w < a.Length; w++)
        {
            both += BitOperations.PopCount(a[w] & b[w]);
            either += BitOperations.PopCount(a[w] | b[w]);
        }

        return either == 0 ? 0 : both / (double)either;
    }

    private double[] Residual(int drug, int cell)
    {
        var genes = _train.Count == 0 ? 0 : _train[0].Residual.Length;
        var neighbours = Ranked(drug, cell).Take(K).ToList();
        var result = new double[genes];
        var total = neighbours.Sum(n => n.Similarity);
        foreach (var (index, similarity) in neighbours)
        {
            var values = _train[index].Residual;
            for (var g = 0; g < genes; g++)
            {
                result[g] += values[g] * similarity / total;
            }
        }

        return result;
    }

    // Training pairs with any similarity to the drug, most similar first (ties by position), computed once per
    // (drug, cell) so choosing k on validation ranks each validation pair's neighbours only once.
    private List<(int Index, double Similarity)> Ranked(int drug, int cell)
    {
        if (_ranked.TryGetValue((drug, cell), out var ranked))
        {
            return ranked;
        }

        var sameCell = _train.Any(t => t.Cell == cell);
        ranked = _train
            .Select((t, i) => (t, i))
            .Where(x => !sameCell || x.t.Cell == cell)
            .Select(x => (Index: x.i, Similarity: Similarity(drug, x.t.Drug)))
            .Where(x => x.Similarity > 0)
            .OrderByDescending(x => x.Similarity).ThenBy(x => x.Index)
            .ToList();
        return _ranked[(drug, cell)] = ranked;
    }

    private ulong[] Bits(int drug)
    {
        if (_drugs is not { Features: { } features } drugs || !drugs.Contains(drug))
        {
            return [];
        }

        if (!_bits.TryGetValue(drug, out var bits))
        {
            var row = features.Row(drug - drugs.Offset)[..drugs.FingerprintWidth];
            bits = new ulong[(row.Length + 63) / 64];
            for (var j = 0; j < row.Length; j++)
            {
                if (row[j] != 0)
                {
                    bits[j / 64] |= 1UL << (j % 64);
                }
            }

            _bits[drug] = bits;
        }

        return bits;
    }
}
