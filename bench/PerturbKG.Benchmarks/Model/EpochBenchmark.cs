using System.Diagnostics;
using System.Globalization;
using PerturbKG.Model;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Torch;
using PerturbKG.Model.Training;
using TorchSharp;

namespace PerturbKG.Benchmarks.Model;

/// <summary>
/// Seconds per GAT training epoch and peak memory at PrimeKG++-like scale: about 50k nodes of six types with
/// PrimeKG++-style features (2,048-bit fingerprints for drugs, 978 baseline values for cells, 768-d embeddings for
/// genes, learned embeddings for the rest), about 1M stored edges in 7 relations whose endpoints follow a Zipf
/// law (hubs, like the real graph), hidden width 128, 4 heads, 3 layers, and the training defaults of
/// `perturbkg train` (batch 4,096 pairs, validation after every epoch). <c>--baseline PATH</c> first runs the same
/// benchmark built from an earlier commit (the previous tensor engine) in a child process and prints both side by side.
/// </summary>
public static class EpochBenchmark
{
    public static int Run(string[] args)
    {
        var pairs = int.Parse(ChildProcess.Option(args, "--pairs") ?? "12500", CultureInfo.InvariantCulture);
        var epochs = int.Parse(ChildProcess.Option(args, "--epochs") ?? "3", CultureInfo.InvariantCulture);
        var hidden = int.Parse(ChildProcess.Option(args, "--hidden") ?? "128", CultureInfo.InvariantCulture);
        torch.Device device;
        try
        {
            device = TorchRuntime.ResolveDevice(ChildProcess.Option(args, "--device") ?? "cpu");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        TorchRuntime.UseThreads(Environment.ProcessorCount);
        var baseline = ChildProcess.Option(args, "--baseline");
        var old = baseline is null ? null : RunBaseline(baseline, args);

        var clock = Stopwatch.StartNew();
        var (graph, samples) = PrimeKgLike.Build(pairs, seed: 11);
        var built = clock.Elapsed.TotalSeconds;
        var train = samples.Take(samples.Count * 8 / 10).ToList();
        var validation = samples.Skip(train.Count).Take(samples.Count / 10).ToList();
        Console.WriteLine($"graph: {graph.NodeCount:N0} nodes ({string.Join(", ", graph.Blocks.Select(b => $"{b.Type} {b.Count:N0}"))}), " +
            $"{graph.Stored.Count:N0} stored edges → {graph.Edges.Count:N0} message-passing edges; {train.Count:N0} training / {validation.Count:N0} validation pairs; built in {built:F1} s");

        clock.Restart();
        var model = new GatModel(graph, new GatOptions { Hidden = hidden, Heads = 4, Layers = 3, Prior = false }, device: device);
        var info = TorchRuntime.Describe(device);
        Console.WriteLine($"model: hidden {hidden}, 4 heads, 3 layers, {model.ParameterCount:N0} parameters; set up in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"TorchSharp: libtorch {info.Version} on {info.Device}, {info.Threads} threads, OpenMP wait policy {info.WaitPolicy}, allocator {info.Allocator}");
        if (args.Contains("--profile"))
        {
            Profile(model, train, validation);
        }

        var options = new TrainingOptions { MaxEpochs = epochs, Patience = epochs, BatchSize = 4096, LearningRate = 2e-3f };
        var means = new TrainingMeans(train);
        var previous = 0.0;
        var times = new List<double>();
        new Trainer(options).Train(model, train, validation, means, new Inline<EpochLoss>(e =>
        {
            times.Add(e.Seconds - previous);
            previous = e.Seconds;
            Console.WriteLine($"  epoch {e.Epoch}: {times[^1]:F1} s (train loss {e.Train:F4}, validation {e.Validation:F4})");
        }));

        var steady = times.Count > 1 ? times.Skip(1).Average() : times.Average();
        var peak = ChildProcess.PeakResidentBytes() / 1e9;
        Console.WriteLine();
        var cpu = ChildProcess.Cpu();
        Console.WriteLine($"CPU: {cpu.Model}{(cpu.Avx512 ? " (AVX-512)" : "")}, {Environment.ProcessorCount} cores");
        Console.WriteLine(old is null ? "| measurement | TorchSharp |" : "| measurement | TorchSharp | previous engine | ratio |");
        Console.WriteLine(old is null ? "|---|---:|" : "|---|---:|---:|---:|");
        Row($"seconds per epoch (after the first; {(train.Count + 4095) / 4096} steps + validation)", steady, old?.Steady, "F1");
        Row("first epoch (JIT, first-touch memory)", times[0], old?.First, "F1");
        Row("peak resident memory, GB", peak, old?.PeakGb, "F2");
        Console.WriteLine();
        Console.WriteLine($"targets: ≤ 1.0× the previous engine's s/epoch: {(old is null ? "not compared (give --baseline)" : steady <= old.Value.Steady ? "met" : "missed")}; " +
            $"peak ≤ 8 GB: {(peak <= 8 ? "met" : "missed")} ({peak:F2} GB)");
        return 0;

        void Row(string name, double value, double? before, string format) => Console.WriteLine(before is { } b
            ? $"| {name} | {value.ToString(format, CultureInfo.InvariantCulture)} | {b.ToString(format, CultureInfo.InvariantCulture)} | {(value / b).ToString("F2", CultureInfo.InvariantCulture)}× |"
            : $"| {name} | {value.ToString(format, CultureInfo.InvariantCulture)} |");
    }

    // The same benchmark built from an earlier commit (its Benchmarks dll or executable), run first in a child process
    // on this machine; its table is read back.
    private static (double Steady, double First, double PeakGb)? RunBaseline(string path, string[] args)
    {
        Console.WriteLine($"previous engine: {path}");
        var forwarded = new List<string> { "epoch" };
        foreach (var option in new[] { "--pairs", "--epochs", "--hidden" })
        {
            if (ChildProcess.Option(args, option) is { } value)
            {
                forwarded.AddRange([option, value]);
            }
        }

        var start = path.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { path } }
            : new ProcessStartInfo(path);
        forwarded.ForEach(start.ArgumentList.Add);
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            Console.WriteLine("  | " + line);
            lines.Add(line);
        }

        process.WaitForExit();
        double Value(string prefix)
        {
            var row = lines.FirstOrDefault(l => l.StartsWith("| " + prefix, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The baseline printed no '{prefix}' row.");
            return double.Parse(row.Split('|', StringSplitOptions.RemoveEmptyEntries)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return (Value("seconds per epoch"), Value("first epoch"), Value("peak resident memory"));
    }

    // One training step and one validation pass, timed by stage.
    private static void Profile(GatModel model, List<PairSample> train, List<PairSample> validation)
    {
        var means = new TrainingMeans(train);
        var batch = train.Take(4096).ToList();
        for (var round = 0; round < 2; round++)
        {
            using var scope = torch.NewDisposeScope();
            model.train();
            var clock = Stopwatch.StartNew();
            var (states, attention) = model.Embed();
            var embed = clock.Elapsed.TotalSeconds;
            var loss = torch.nn.functional.mse_loss(model.Forward(means.Batch(batch)), TrainingMeans.Targets(batch).ToTensor(model.Device));
            var forward = clock.Elapsed.TotalSeconds - embed;
            loss.backward();
            var backward = clock.Elapsed.TotalSeconds - forward - embed;
            clock.Restart();
            Trainer.Predict(model, validation, means);
            var predict = clock.Elapsed.TotalSeconds;
            if (round == 1)
            {
                Console.WriteLine($"profile of one step of {batch.Count} pairs: embedding alone {embed:F2} s; forward {forward:F2} s, backward {backward:F2} s; " +
                    $"validation of {validation.Count} pairs {predict:F2} s (peak so far {ChildProcess.PeakResidentBytes() / 1e9:F2} GB)");
            }
        }
    }

    // Progress<T> posts to the thread pool; the benchmark wants the report in order, at once.
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>A deterministic graph with PrimeKG++'s shape (types, feature widths, sizes, hubs), for benchmarks.</summary>
internal static class PrimeKgLike
{
    private const int Drugs = 2_000;
    private const int Cells = 30;
    private const int Genes = 20_000;
    private const int Diseases = 10_000;
    private const int Processes = 12_000;
    private const int Phenotypes = 6_000;

    public static (GraphData Graph, List<PairSample> Pairs) Build(int pairs, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var blocks = new List<NodeBlock>();
        var offset = 0;
        NodeBlock Add(string type, int count, Matrix? features)
        {
            var block = new NodeBlock(type, offset, count, features);
            blocks.Add(block);
            offset += count;
            return block;
        }

        var drug = Add("Drug", Drugs, Fingerprints(Drugs, 2048, 0.025, random));
        var cell = Add("CellLine", Cells, Gaussian(Cells, 978, random));
        var gene = Add("Gene", Genes, Gaussian(Genes, 768, random));
        var disease = Add("Disease", Diseases, null);
        var process = Add("BiologicalProcess", Processes, null);
        var phenotype = Add("Phenotype", Phenotypes, null);

        var (source, target, relation) = (new List<int>(), new List<int>(), new List<int>());
        var relations = new List<RelationInfo>();
        void Relate(string name, bool symmetric, NodeBlock from, NodeBlock to, int count)
        {
            var (pickFrom, pickTo) = (Zipf(from.Count, random), Zipf(to.Count, random));
            for (var i = 0; i < count; i++)
            {
                source.Add(from.Offset + pickFrom());
                target.Add(to.Offset + pickTo());
                relation.Add(relations.Count);
            }

            relations.Add(new RelationInfo(name, symmetric));
        }

        Relate("drug_protein", false, drug, gene, 20_000);
        Relate("protein_protein", true, gene, gene, 500_000);
        Relate("bioprocess_protein", false, process, gene, 250_000);
        Relate("disease_protein", false, disease, gene, 80_000);
        Relate("disease_phenotype_positive", false, disease, phenotype, 100_000);
        Relate("indication", false, drug, disease, 20_000);
        Relate("phenotype_phenotype", true, phenotype, phenotype, 30_000);
        var graph = new GraphData(blocks, new StoredEdges([.. source], [.. target], [.. relation]), relations,
            Enumerable.Range(gene.Offset, 978).ToArray());

        var samples = new List<PairSample>(pairs);
        var seen = new HashSet<(int, int)>();
        while (samples.Count < pairs)
        {
            var (d, c) = (drug.Offset + random.Next(Drugs), cell.Offset + random.Next(Cells));
            if (seen.Add((d, c)))
            {
                var delta = new float[978];
                for (var g = 0; g < delta.Length; g++)
                {
                    delta[g] = (float)random.NextGaussian();
                }

                samples.Add(new PairSample($"{d}|{c}", d, c, delta, 1));
            }
        }

        return (graph, samples);
    }

    // Endpoints drawn with probability ∝ 1 / (rank + 1)^0.8 over a shuffled ranking: a few hubs, a long tail.
    private static Func<int> Zipf(int count, DeterministicRandom random)
    {
        var rank = Enumerable.Range(0, count).ToArray();
        random.Shuffle(rank);
        var cumulative = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            total += 1 / Math.Pow(i + 1, 0.8);
            cumulative[i] = total;
        }

        return () =>
        {
            var i = Array.BinarySearch(cumulative, random.NextDouble() * total);
            return rank[Math.Min(count - 1, i < 0 ? ~i : i)];
        };
    }

    private static Matrix Fingerprints(int rows, int bits, double density, DeterministicRandom random)
    {
        var t = new Matrix(rows, bits);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = random.NextDouble() < density ? 1f : 0f;
        }

        return t;
    }

    private static Matrix Gaussian(int rows, int cols, DeterministicRandom random)
    {
        var t = new Matrix(rows, cols);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)random.NextGaussian();
        }

        return t;
    }
}
