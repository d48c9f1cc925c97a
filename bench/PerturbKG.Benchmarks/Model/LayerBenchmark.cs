using System.Diagnostics;
using System.Globalization;
using PerturbKG.Model;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Tensors;
using PerturbKG.Model.Torch;
using TorchSharp;

namespace PerturbKG.Benchmarks.Model;

/// <summary>
/// One attention layer, forward + backward, on the PrimeKG++-like graph of <c>epoch</c> (hidden 128, 4 heads): the
/// own engine's fused kernels against the TorchSharp module that will replace them (issue 13). Run it under different
/// native environments (OMP_WAIT_POLICY, MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_) to see what the process
/// configuration is worth; the table says which were set.
/// </summary>
public static class LayerBenchmark
{
    public static int Run(string[] args)
    {
        var hidden = int.Parse(ChildProcess.Option(args, "--hidden") ?? "128", CultureInfo.InvariantCulture);
        const int heads = 4;
        var (graph, _) = PrimeKgLike.Build(12500, seed: 11);
        var index = new GatModel(graph, new GatOptions { Hidden = 32, Heads = heads, Layers = 1 }).Edges;
        Console.WriteLine($"graph: {index.Nodes:N0} nodes, {index.Count:N0} message-passing edges (with self-loops); hidden {hidden}, {heads} heads");
        var random = new DeterministicRandom(3);
        var input = Enumerable.Range(0, index.Nodes * hidden).Select(_ => (float)random.NextGaussian()).ToArray();

        var options = new GatOptions { Hidden = hidden, Heads = heads, Dropout = 0 };
        var own = new GatLayer(index.Relations, options, random.Fork("own"));
        var ownTimes = Times(() =>
        {
            using var tape = new Tape();
            var h = new PerturbKG.Model.Tensors.Tensor(index.Nodes, hidden, (float[])input.Clone(), requiresGrad: true);
            var (states, _) = own.Forward(tape, h, index, random);
            tape.Backward(tape.Sum(states));
        });

        var ownPeak = ChildProcess.PeakResidentBytes();
        TorchRuntime.UseThreads(Environment.ProcessorCount);
        var edges = new GraphEdges(index.Nodes, index.Source, index.Target, index.Relation, index.Relations);
        var layer = new AttentionLayer("layer", edges, hidden, heads);
        var torchTimes = Times(() =>
        {
            using var scope = torch.NewDisposeScope();
            var h = torch.tensor(input, [index.Nodes, hidden], requires_grad: true);
            layer.forward(h).sum().backward();
            layer.zero_grad();
        });

        Console.WriteLine();
        Console.WriteLine($"environment: OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset: PASSIVE set natively)"}, " +
            $"MALLOC_TRIM_THRESHOLD_={Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") ?? "(unset)"}, MALLOC_MMAP_THRESHOLD_={Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") ?? "(unset)"}");
        Console.WriteLine("| one attention layer, forward + backward | first | best of the next 3 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| own engine (fused kernels) | {ownTimes.First:F2} s | {ownTimes.Best:F2} s |");
        Console.WriteLine($"| TorchSharp module (libtorch {torch.__version__}, {torch.get_num_threads()} threads) | {torchTimes.First:F2} s | {torchTimes.Best:F2} s |");
        Console.WriteLine($"peak RSS after the own engine {ownPeak / 1e9:F2} GB, after TorchSharp too {ChildProcess.PeakResidentBytes() / 1e9:F2} GB");
        return 0;
    }

    private static (double First, double Best) Times(Action work)
    {
        var times = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalSeconds);
        }

        return (times[0], times.Skip(1).Min());
    }
}
