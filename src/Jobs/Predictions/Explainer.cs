using PerturbKG.Model.Gat;
using PerturbKG.Model.Data;

namespace PerturbKG.Jobs.Predictions;

/// <summary>
/// The attention paths behind a GAT prediction. The path term of a prediction at gene g is exactly
/// scale × Σ_heads w[g, k] × Σ_paths Π_layers α_l,k(hop l), summed over paths drug → … → g of one hop per layer
/// (self-loops let shorter paths wait in place). For each head, the top paths by attention product are found exactly
/// by one k-best search from the drug to every node; the union over heads is then ranked by each path's contribution
/// to the prediction.
/// </summary>
public sealed class Explainer
{
    private readonly GatModel _model;
    private readonly EdgeIndex _edges;
    private readonly float[][] _attention;
    private readonly int _heads;
    private readonly Matrix _weights;
    private readonly float _scale;

    public Explainer(GatModel model)
    {
        _model = model;
        _edges = model.Edges;
        _attention = model.Attention().Select(a => a.Data).ToArray();
        _heads = model.Options.Heads;
        (_weights, _scale) = model.PathReadout;
    }

    /// <summary>The edges the attention runs over (message-passing edges plus self-loops).</summary>
    public EdgeIndex Edges => _edges;

    /// <summary>The top paths from a drug row to a gene row (landmark index <paramref name="landmark"/>), by |contribution|.</summary>
    public IReadOnlyList<AttentionPath> TopPaths(int drug, int gene, int landmark, int count) => TopPaths(From(drug, Math.Max(count, 3)), gene, landmark, count);

    /// <summary>
    /// For each head, the k best partial paths by attention product from a drug to every node it reaches in one hop
    /// fewer than the model has layers; the last hop is added per gene (<see cref="TopPaths(DrugPaths, int, int, int)"/>),
    /// which keeps the search to the drug's neighbourhood and the gene's in-edges.
    /// </summary>
    public DrugPaths From(int drug, int k) => new(drug, k, Enumerable.Range(0, _heads).Select(h => BestByProduct(drug, h, k, _attention.Length - 1)).ToArray());

    /// <summary>The top paths to a gene among a drug's per-head best, ranked by |contribution|.</summary>
    public IReadOnlyList<AttentionPath> TopPaths(DrugPaths from, int gene, int landmark, int count)
    {
        var candidates = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var last = _attention.Length - 1;
        for (var head = 0; head < _heads; head++)
        {
            var best = new List<(double Score, int[] Path)>();
            for (var i = _edges.ByTarget.Start[gene]; i < _edges.ByTarget.Start[gene + 1]; i++)
            {
                var edge = _edges.ByTarget.Items[i];
                if (from.ByHead[head].GetValueOrDefault(_edges.Source[edge]) is { } paths)
                {
                    var alpha = _attention[last][edge * _heads + head];
                    foreach (var (score, path) in paths)
                    {
                        Keep(best, score * alpha, path, edge, from.K);
                    }
                }
            }

            foreach (var (_, path) in best)
            {
                candidates.TryAdd(string.Join(',', path), path);
            }
        }

        return candidates.Values
            .Select(p => new AttentionPath(p, Contribution(p, landmark), p.Select((e, l) => Mean(l, e)).ToArray()))
            .OrderByDescending(p => Math.Abs(p.Contribution))
            .ThenBy(p => string.Join(',', p.Edges), StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }

    /// <summary>A path's share of the path term at a gene: scale × Σ_k w[g, k] Π_l α_l,k.</summary>
    public double Contribution(int[] path, int landmark)
    {
        double sum = 0;
        for (var k = 0; k < _heads; k++)
        {
            double product = 1;
            for (var l = 0; l < path.Length; l++)
            {
                product *= _attention[l][path[l] * _heads + k];
            }

            sum += _weights.Data[landmark * _heads + k] * product;
        }

        return _scale * sum;
    }

    private float Mean(int layer, int edge)
    {
        float sum = 0;
        for (var k = 0; k < _heads; k++)
        {
            sum += _attention[layer][edge * _heads + k];
        }

        return sum / _heads;
    }

    // k-best paths by the product of one head's attention, to every node at once: the best k paths to a node extend
    // only the best k to its predecessors, so keeping k per node and layer is exact.
    private Dictionary<int, List<(double Score, int[] Path)>> BestByProduct(int drug, int head, int k, int layers)
    {
        var beams = new Dictionary<int, List<(double Score, int[] Path)>> { [drug] = [(1.0, [])] };
        if (k <= 0)
        {
            return [];
        }

        for (var l = 0; l < layers; l++)
        {
            var next = new Dictionary<int, List<(double Score, int[] Path)>>();
            foreach (var (node, paths) in beams)
            {
                for (var i = _edges.BySource.Start[node]; i < _edges.BySource.Start[node + 1]; i++)
                {
                    var edge = _edges.BySource.Items[i];
                    var target = _edges.Target[edge];
                    var alpha = _attention[l][edge * _heads + head];
                    if (!next.TryGetValue(target, out var list))
                    {
                        next[target] = list = [];
                    }

                    foreach (var (score, path) in paths)
                    {
                        Keep(list, score * alpha, path, edge, k);
                    }
                }
            }

            beams = next;
        }

        return beams;
    }

    // Inserts path + edge into a list kept sorted by score, descending, and at most k long.
    private static void Keep(List<(double Score, int[] Path)> list, double score, int[] path, int edge, int k)
    {
        if (list.Count >= k && score <= list[^1].Score)
        {
            return;
        }

        var at = list.FindIndex(c => c.Score < score);
        list.Insert(at < 0 ? list.Count : at, (score, [.. path, edge]));
        if (list.Count > k)
        {
            list.RemoveAt(k);
        }
    }
}

/// <summary>A drug's best partial paths by attention product, per head: node → up to k (score, message-passing edge ids).</summary>
public sealed record DrugPaths(int Drug, int K, IReadOnlyList<Dictionary<int, List<(double Score, int[] Path)>>> ByHead);

/// <summary>A path as message-passing edge ids (one per layer), its contribution, and each hop's mean attention.</summary>
public sealed record AttentionPath(int[] Edges, double Contribution, float[] Attention);
