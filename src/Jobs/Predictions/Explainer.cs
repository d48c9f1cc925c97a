using PerturbKG.Model.Gat;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Jobs.Predictions;

/// <summary>
/// The attention paths behind a GAT prediction. The path term of a prediction at gene g is exactly
/// scale × Σ_heads w[g, k] × Σ_paths Π_layers α_l,k(hop l), summed over paths drug → … → g of one hop per layer
/// (self-loops let shorter paths wait in place). For each head, the top paths by attention product are found exactly
/// by a k-best search restricted to nodes that can still reach g; the union over heads is then ranked by each path's
/// contribution to the prediction.
/// </summary>
public sealed class Explainer
{
    private readonly GatModel _model;
    private readonly EdgeIndex _edges;
    private readonly float[][] _attention;
    private readonly int _heads;
    private readonly Tensor _weights;
    private readonly float _scale;

    public Explainer(GatModel model)
    {
        _model = model;
        _edges = model.Edges;
        var (_, attention) = model.Embed(Tape.NoGrad());
        _attention = attention.Select(a => a.Data).ToArray();
        _heads = model.Options.Heads;
        (_weights, _scale) = model.PathReadout;
    }

    /// <summary>The edges the attention runs over (message-passing edges plus self-loops).</summary>
    public EdgeIndex Edges => _edges;

    /// <summary>The top paths from a drug row to a gene row (landmark index <paramref name="landmark"/>), by |contribution|.</summary>
    public IReadOnlyList<AttentionPath> TopPaths(int drug, int gene, int landmark, int count)
    {
        var layers = _attention.Length;
        var reachable = Reachable(gene, layers);
        if (!reachable[0].Contains(drug))
        {
            return [];
        }

        var candidates = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (var head = 0; head < _heads; head++)
        {
            foreach (var path in BestByProduct(drug, gene, head, count, reachable))
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

    // reachable[l]: nodes from which the gene can be reached in exactly (layers − l) hops.
    private HashSet<int>[] Reachable(int gene, int layers)
    {
        var sets = new HashSet<int>[layers + 1];
        sets[layers] = [gene];
        for (var l = layers - 1; l >= 0; l--)
        {
            sets[l] = [];
            foreach (var node in sets[l + 1])
            {
                for (var i = _edges.ByTarget.Start[node]; i < _edges.ByTarget.Start[node + 1]; i++)
                {
                    sets[l].Add(_edges.Source[_edges.ByTarget.Items[i]]);
                }
            }
        }

        return sets;
    }

    // k-best paths by the product of one head's attention: the best k paths to any node extend only the best k to
    // its predecessors, so keeping k per node and layer is exact.
    private IEnumerable<int[]> BestByProduct(int drug, int gene, int head, int k, HashSet<int>[] reachable)
    {
        var beams = new Dictionary<int, List<(double Score, int[] Path)>> { [drug] = [(1.0, [])] };
        for (var l = 0; l < _attention.Length; l++)
        {
            var next = new Dictionary<int, List<(double Score, int[] Path)>>();
            foreach (var (node, paths) in beams)
            {
                for (var i = _edges.BySource.Start[node]; i < _edges.BySource.Start[node + 1]; i++)
                {
                    var edge = _edges.BySource.Items[i];
                    var target = _edges.Target[edge];
                    if (!reachable[l + 1].Contains(target))
                    {
                        continue;
                    }

                    var alpha = _attention[l][edge * _heads + head];
                    if (!next.TryGetValue(target, out var list))
                    {
                        next[target] = list = [];
                    }

                    foreach (var (score, path) in paths)
                    {
                        list.Add((score * alpha, [.. path, edge]));
                    }
                }
            }

            foreach (var list in next.Values)
            {
                list.Sort((a, b) => b.Score.CompareTo(a.Score));
                if (list.Count > k)
                {
                    list.RemoveRange(k, list.Count - k);
                }
            }

            beams = next;
        }

        return beams.TryGetValue(gene, out var best) ? best.Select(b => b.Path) : [];
    }
}

/// <summary>A path as message-passing edge ids (one per layer), its contribution, and each hop's mean attention.</summary>
public sealed record AttentionPath(int[] Edges, double Contribution, float[] Attention);
