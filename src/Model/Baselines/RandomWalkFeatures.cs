using PerturbKG.Model.Data;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// Graph features of a drug computed without learning: a random walk with restart from the drug's node over the
/// graph's edges (both directions, each step to a uniformly chosen neighbour), read at the 978 landmark genes as
/// log10 of the visiting probability (floored at 10⁻⁶). Computed for many drugs at once, node-major, a chunk of
/// drugs at a time; results are cached per drug row.
/// </summary>
public sealed class RandomWalkFeatures
{
    private const int Chunk = 64;
    private const double Floor = 1e-6;
    private readonly GraphData _data;
    private readonly int[] _start;
    private readonly int[] _sources;
    private readonly float[] _weights;
    private readonly Dictionary<int, double[]> _cache = [];
    private readonly Lock _lock = new();

    public RandomWalkFeatures(GraphData data, double restart = 0.3, int steps = 10)
    {
        _data = data;
        Restart = restart;
        Steps = steps;
        var nodes = data.NodeCount;
        var stored = data.Stored;
        var degree = new int[nodes];
        for (var e = 0; e < stored.Count; e++)
        {
            degree[stored.Source[e]]++;
            degree[stored.Target[e]]++;
        }

        // Incoming lists by destination: every stored edge both ways, weighted 1 / out-degree of its source.
        _start = new int[nodes + 1];
        for (var e = 0; e < stored.Count; e++)
        {
            _start[stored.Target[e] + 1]++;
            _start[stored.Source[e] + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            _start[i + 1] += _start[i];
        }

        var fill = (int[])_start.Clone();
        _sources = new int[2 * stored.Count];
        _weights = new float[2 * stored.Count];
        for (var e = 0; e < stored.Count; e++)
        {
            var (s, t) = (stored.Source[e], stored.Target[e]);
            (_sources[fill[t]], _weights[fill[t]++]) = (s, 1f / degree[s]);
            (_sources[fill[s]], _weights[fill[s]++]) = (t, 1f / degree[t]);
        }
    }

    public double Restart { get; }

    public int Steps { get; }

    public string Description => $"random walk with restart {Restart} ({Steps} steps) from the drug, log10 visiting probability at the {_data.Landmarks.Length} landmark genes";

    /// <summary>The readout of one drug row (computing, with every other requested row, what is not cached).</summary>
    public double[] Of(int drug)
    {
        lock (_lock)
        {
            if (!_cache.TryGetValue(drug, out var features))
            {
                Compute([drug]);
                features = _cache[drug];
            }

            return features;
        }
    }

    /// <summary>Computes the readouts of many drugs in batches (call before reading them one by one).</summary>
    public void Prepare(IEnumerable<int> drugs)
    {
        lock (_lock)
        {
            Compute(drugs.Distinct().Where(d => !_cache.ContainsKey(d)).ToList());
        }
    }

    private void Compute(IReadOnlyList<int> drugs)
    {
        var nodes = _data.NodeCount;
        for (var first = 0; first < drugs.Count; first += Chunk)
        {
            var chunk = drugs.Skip(first).Take(Chunk).ToArray();
            var width = chunk.Length;
            var current = new float[nodes * width];
            var next = new float[nodes * width];
            for (var k = 0; k < width; k++)
            {
                current[(chunk[k] * width) + k] = 1f;
            }

            var (restart, walk) = ((float)Restart, (float)(1 - Restart));
            for (var step = 0; step < Steps; step++)
            {
                var (from, to) = (current, next);
                Parallel.For(0, nodes, i =>
                {
                    var row = to.AsSpan(i * width, width);
                    row.Clear();
                    for (var e = _start[i]; e < _start[i + 1]; e++)
                    {
                        var w = walk * _weights[e];
                        var source = from.AsSpan(_sources[e] * width, width);
                        for (var k = 0; k < width; k++)
                        {
                            row[k] += w * source[k];
                        }
                    }
                });
                for (var k = 0; k < width; k++)
                {
                    next[(chunk[k] * width) + k] += restart;
                }

                (current, next) = (next, current);
            }

            for (var k = 0; k < width; k++)
            {
                _cache[chunk[k]] = _data.Landmarks.Select(g => Math.Log10(Math.Max(current[(g * width) + k], Floor))).ToArray();
            }
        }
    }
}
