using System.Diagnostics;
using System.Globalization;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Tensors;
using PerturbKG.Model.Torch;
using TorchSharp;

namespace PerturbKG.Benchmarks.Model;

/// <summary>
/// The GAT head's path term — each batch drug's signal propagated through three layers of per-head attention and read
/// at the 978 landmark genes — forward and backward, on the PrimeKG++-like graph of <c>epoch</c>: the own engine's
/// fused frontier kernel against a TorchSharp formulation that TorchSharp 0.107 allows (no sparse autograd): per
/// (node, drug) entries and the edges between them listed once in managed code, then index_select/index_add per layer.
/// Measures what the TorchSharp port of the head would cost before it is written (issue 13).
/// </summary>
public static class PathTermBenchmark
{
    private const int Heads = 4, Layers = 3;

    public static int Run(string[] args)
    {
        var pairs = int.Parse(ChildProcess.Option(args, "--pairs") ?? "12500", CultureInfo.InvariantCulture);
        var drugsWanted = int.Parse(ChildProcess.Option(args, "--drugs") ?? "256", CultureInfo.InvariantCulture);
        var (graph, samples) = PrimeKgLike.Build(pairs, seed: 11);
        var edges = new GatModel(graph, new GatOptions { Hidden = 32, Heads = Heads, Layers = 1 }).Edges; // with self-loops
        var drugs = samples.Select(s => s.Drug).Distinct().Take(drugsWanted).ToList();
        var landmarks = graph.Landmarks;
        var attention = Uniform(edges);
        Console.WriteLine($"graph: {graph.NodeCount:N0} nodes, {edges.Count:N0} message-passing edges (with self-loops); {drugs.Count} drugs, {landmarks.Length} landmarks, {Heads} heads, {Layers} layers");

        var own = Time(() =>
        {
            using var tape = new Tape();
            var weights = attention.Select(a => new Tensor(a.Rows, a.Cols, (float[])a.Data.Clone(), requiresGrad: true)).ToList();
            var reached = tape.PathPropagate(weights, edges, drugs, landmarks);
            tape.Backward(tape.Sum(reached));
        });

        TorchRuntime.UseThreads(Environment.ProcessorCount);
        var clock = Stopwatch.StartNew();
        var plan = IncidencePlan.Build(edges, drugs, landmarks, Layers);
        var planned = clock.Elapsed.TotalSeconds;
        var torchTime = Time(() =>
        {
            using var scope = torch.NewDisposeScope();
            var values = torch.ones(plan.Entries[0], Heads);
            var weights = attention.Select(a => torch.tensor(a.Data, [a.Rows, a.Cols], requires_grad: true)).ToList();
            for (var l = 0; l < Layers; l++)
            {
                var carried = weights[l].index_select(0, plan.Edge[l]) * values.index_select(0, plan.Source[l]);
                values = torch.zeros(plan.Entries[l + 1], Heads).index_add(0, plan.Target[l], carried, 1.0);
            }

            values.sum().backward();
        });

        Console.WriteLine();
        Console.WriteLine("| path term, forward + backward | seconds |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| own engine (fused frontier kernel) | {own:F2} |");
        Console.WriteLine($"| TorchSharp index_select/index_add over (node, drug) entries | {torchTime:F2} |");
        Console.WriteLine($"| building the entry lists (managed, once per graph and drug set) | {planned:F2} |");
        Console.WriteLine();
        Console.WriteLine($"entries per layer: {string.Join(" → ", plan.Entries.Select(e => e.ToString("N0", CultureInfo.InvariantCulture)))}; " +
            $"edge incidences per layer: {string.Join(", ", plan.Edge.Select(e => e.shape[0].ToString("N0", CultureInfo.InvariantCulture)))}; peak RSS {ChildProcess.PeakResidentBytes() / 1e9:F2} GB");
        return 0;
    }

    // Best of three (the first run also pays for first-touch memory).
    private static double Time(Action work)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    // Attention of 1 / in-degree on every edge and head, as softmax over uniform logits gives.
    private static List<Tensor> Uniform(EdgeIndex edges)
    {
        var indegree = new int[edges.Nodes];
        foreach (var t in edges.Target)
        {
            indegree[t]++;
        }

        var data = new float[edges.Count * Heads];
        for (var e = 0; e < edges.Count; e++)
        {
            for (var h = 0; h < Heads; h++)
            {
                data[(e * Heads) + h] = 1f / indegree[edges.Target[e]];
            }
        }

        return Enumerable.Range(0, Layers).Select(_ => new Tensor(edges.Count, Heads, (float[])data.Clone())).ToList();
    }

    /// <summary>
    /// Per layer, the (node, drug) entries a drug's signal reaches that can still reach a landmark in the layers left,
    /// and for each edge incidence its source entry, target entry and edge. The last layer's entries are (landmark,
    /// drug) pairs.
    /// </summary>
    private sealed class IncidencePlan
    {
        public required long[] Entries { get; init; }

        public required torch.Tensor[] Source { get; init; }

        public required torch.Tensor[] Target { get; init; }

        public required torch.Tensor[] Edge { get; init; }

        public static IncidencePlan Build(EdgeIndex edges, IReadOnlyList<int> drugs, int[] landmarks, int layers)
        {
            // reach[k][i]: node i reaches a landmark in exactly k steps (self-loops make it "at most k").
            var reach = new bool[layers + 1][];
            reach[0] = new bool[edges.Nodes];
            foreach (var g in landmarks)
            {
                reach[0][g] = true;
            }

            for (var k = 1; k <= layers; k++)
            {
                reach[k] = new bool[edges.Nodes];
                for (var e = 0; e < edges.Count; e++)
                {
                    if (reach[k - 1][edges.Target[e]])
                    {
                        reach[k][edges.Source[e]] = true;
                    }
                }
            }

            var current = new Dictionary<long, int>();
            for (var b = 0; b < drugs.Count; b++)
            {
                current[((long)drugs[b] * drugs.Count) + b] = b;
            }

            var entries = new List<long> { current.Count };
            var (sources, targets, edgeIds) = (new torch.Tensor[layers], new torch.Tensor[layers], new torch.Tensor[layers]);
            var bySource = edges.BySource;
            for (var l = 0; l < layers; l++)
            {
                var next = new Dictionary<long, int>();
                var (s, t, id) = (new List<long>(), new List<long>(), new List<long>());
                foreach (var (key, index) in current)
                {
                    var (node, drug) = ((int)(key / drugs.Count), (int)(key % drugs.Count));
                    for (var k = bySource.Start[node]; k < bySource.Start[node + 1]; k++)
                    {
                        var e = bySource.Items[k];
                        var to = edges.TargetBySource[k];
                        if (!reach[layers - l - 1][to])
                        {
                            continue;
                        }

                        var target = ((long)to * drugs.Count) + drug;
                        if (!next.TryGetValue(target, out var slot))
                        {
                            next[target] = slot = next.Count;
                        }

                        s.Add(index);
                        t.Add(slot);
                        id.Add(e);
                    }
                }

                (sources[l], targets[l], edgeIds[l]) = (torch.tensor(s.ToArray()), torch.tensor(t.ToArray()), torch.tensor(id.ToArray()));
                entries.Add(next.Count);
                current = next;
            }

            return new IncidencePlan { Entries = [.. entries], Source = sources, Target = targets, Edge = edgeIds };
        }
    }
}
