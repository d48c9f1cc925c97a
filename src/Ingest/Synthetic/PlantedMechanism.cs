using PerturbKG.Model;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// The generator's ground truth. A drug inhibits its protein targets (weights x); the perturbation spreads along
/// protein–protein edges for two steps (y = x + αÂx + α²Â²x with Â = D^-1/2 A D^-1/2); each landmark gene reads it
/// with a fixed direction (+1 or −1); a cell line scales each gene's response by its sensitivity and adds its own
/// offset; measurement adds noise. Which genes move, and how much, depends on where the targets sit in the PPI graph —
/// signal the edges carry and node features do not.
/// </summary>
public sealed class PlantedMechanism
{
    private readonly int[][] _neighbours;
    private readonly double[] _inverseSqrtDegree;
    private readonly int[] _landmarks;
    private readonly float[] _directions;
    private readonly double _alpha;

    public PlantedMechanism(int geneCount, IEnumerable<(int A, int B)> ppi, int[] landmarks, float[]? directions = null, double alpha = 0.6)
    {
        _directions = directions ?? Enumerable.Repeat(1f, landmarks.Length).ToArray();
        var lists = Enumerable.Range(0, geneCount).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b) in ppi)
        {
            lists[a].Add(b);
            lists[b].Add(a);
        }

        _neighbours = lists.Select(l => l.ToArray()).ToArray();
        _inverseSqrtDegree = _neighbours.Select(n => n.Length == 0 ? 0 : 1 / Math.Sqrt(n.Length)).ToArray();
        _landmarks = landmarks;
        _alpha = alpha;
    }

    /// <summary>The noise-free response of the landmark genes (landmark order) to perturbing these targets.</summary>
    public float[] Response(IReadOnlyList<(int Gene, double Weight)> targets)
    {
        var x = new Dictionary<int, double>();
        foreach (var (gene, weight) in targets)
        {
            x[gene] = x.GetValueOrDefault(gene) + weight;
        }

        var step1 = Propagate(x);
        var step2 = Propagate(step1);
        var response = new float[_landmarks.Length];
        for (var i = 0; i < _landmarks.Length; i++)
        {
            var g = _landmarks[i];
            response[i] = _directions[i] * (float)(x.GetValueOrDefault(g) + (_alpha * step1.GetValueOrDefault(g)) + (_alpha * _alpha * step2.GetValueOrDefault(g)));
        }

        return response;
    }

    /// <summary>One observed signature: scale × sensitivity ⊙ response + the cell's offset + noise.</summary>
    public static float[] Observe(float[] response, double scale, CellProfile cell, double noise, DeterministicRandom random)
    {
        var values = new float[response.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((scale * cell.Sensitivity[i] * response[i]) + cell.Offset[i] + (noise * random.NextGaussian()));
        }

        return values;
    }

    private Dictionary<int, double> Propagate(Dictionary<int, double> x)
    {
        var y = new Dictionary<int, double>();
        foreach (var (gene, value) in x)
        {
            var from = value * _inverseSqrtDegree[gene];
            foreach (var neighbour in _neighbours[gene])
            {
                y[neighbour] = y.GetValueOrDefault(neighbour) + (from * _inverseSqrtDegree[neighbour]);
            }
        }

        return y;
    }
}

/// <summary>A synthetic cell line: basal expression, per-gene response sensitivity, and a drug-independent offset.</summary>
public sealed record CellProfile(string Id, string Lineage, float[] Baseline, float[] Sensitivity, float[] Offset);
