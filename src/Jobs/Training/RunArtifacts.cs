using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerturbKG.Jobs.Reports;
using PerturbKG.Model.Evaluation;
using PerturbKG.Store.Graph;

namespace PerturbKG.Jobs.Training;

/// <summary>Writes a run's manifest.json, metrics.json and report.html.</summary>
public static class RunArtifacts
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(), new Runs.ReadOnlySetConverter() },
    };

    public static async Task<RunArtifactPaths> WriteAsync(string output, TrainingRunOptions options, TrainingData data, IReadOnlyList<Split> splits,
        IReadOnlyList<ModelRun> runs, RunSummary summary, StoreSummary store, string storeLocation, Predictions.WriteBackResult? written, CancellationToken ct,
        IReadOnlyDictionary<string, string>? extraFacts = null)
    {
        Directory.CreateDirectory(output);
        var paths = new RunArtifactPaths(Path.Combine(output, "manifest.json"), Path.Combine(output, "metrics.json"), Path.Combine(output, "report.html"));
        var facts = Facts(data, store);
        foreach (var (key, value) in extraFacts ?? new Dictionary<string, string>())
        {
            facts[key] = value;
        }

        var scaffolds = ScaffoldGroups(data);
        facts["scaffolds (Bemis–Murcko, as RDKit)"] = $"{scaffolds.Groups:N0} groups over {scaffolds.Drugs:N0} drugs" +
            (scaffolds.WithoutStructure > 0 ? $" ({scaffolds.WithoutStructure:N0} without a structure, each its own group)" : string.Empty) +
            "; largest: " + string.Join(" · ", scaffolds.Largest.Select(g => $"{(g.Smiles.Length == 0 ? "(acyclic)" : g.Smiles)} ({g.Drugs} drugs)"));

        if (splits.FirstOrDefault(s => s.ExternalTest) is { } external)
        {
            facts["test fold"] = $"external: {data.ExternalTest.Count} pairs of {string.Join(", ", options.Data.TestDatasets ?? [])}; " +
                $"{external.Excluded} other pairs share a drug or scaffold with them and were left out of training and validation";
        }

        if (written is not null)
        {
            facts["write-back"] = $"{written.Effects:N0} predicted effects with {written.Paths:N0} explanation paths for {written.Pairs:N0} pairs ({written.Seconds:F1} s)";
            if (written.Faithfulness is { Effects: > 0 } f)
            {
                facts["explanation faithfulness"] =
                    $"over {f.Effects} effects, removing the top path's edges shrinks |effect| by {f.TopPathDrop:F4} on average, random paths of the same length by {f.RandomPathDrop:F4}; " +
                    $"top path larger in {f.ShareTopLarger:P0}; difference {f.Difference}";
            }
        }

        var manifest = new
        {
            run = summary.Name,
            createdAt = DateTimeOffset.UtcNow,
            store = storeLocation,
            commit = Commit(),
            machine = new { cores = Environment.ProcessorCount, os = RuntimeInformation.OSDescription, runtime = RuntimeInformation.FrameworkDescription },
            torch = Model.Torch.TorchRuntime.Describe(Model.Torch.TorchRuntime.ResolveDevice(options.Device)),
            options,
            data = new
            {
                kind = data.Kind,
                signatureDatasets = data.Datasets,
                pairs = data.Pairs.Count,
                nodes = data.Graph.NodeCount,
                storedEdges = data.Graph.Stored.Count,
                relations = data.Graph.StoredRelations.Select(r => r.Name),
                features = data.FeatureDescription,
                excludedRelations = data.ExcludedRelations,
                relationsGuarded = RelationExclusions.Resolve(options.Data).Order(StringComparer.Ordinal),
                warnings = data.Warnings,
                externalTestPairs = data.ExternalTest.Count,
                scaffolds = new { scaffolds.Groups, scaffolds.Drugs, scaffolds.WithoutStructure, largest = scaffolds.Largest },
                datasets = store.Datasets,
            },
            splits = splits.Select(s => new { s.Kind, s.Seed, train = s.Train.Length, validation = s.Validation.Length, test = s.Test.Length, s.ExternalTest, leftOut = s.Excluded }),
            checkpoints = runs.Where(r => r.Checkpoint is not null).Select(r => new { r.Model, r.Seed, path = r.Checkpoint, r.Training.BestEpoch }),
            fitted = runs.Where(r => r.Training.Choice is not null).Select(r => new { r.Model, r.Seed, choice = r.Training.Choice }),
            timings = new { summary.Seconds, perModel = summary.TrainingSeconds },
        };
        await File.WriteAllTextAsync(paths.Manifest, JsonSerializer.Serialize(manifest, Json), ct);

        var metrics = new
        {
            run = summary.Name,
            split = summary.Split,
            seeds = summary.Seeds,
            models = summary.Metrics,
            pairedDifferences = summary.PairedDifferences,
            perSeed = runs.Select(r => new
            {
                r.Model,
                r.Seed,
                r.Training.BestEpoch,
                epochs = r.Training.History.Count,
                r.Training.Seconds,
                testPairs = r.Metrics.Count,
                means = SampleMetrics.Names.ToDictionary(n => n, n => r.Metrics.Select(m => m[n]).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average()),
            }),
            writeBack = written,
            learningCurves = runs.Where(r => r.Seed == 1).ToDictionary(r => r.Model, r => r.Training.History),
            summary.TrainingSeconds,
            summary.Seconds,
        };
        await File.WriteAllTextAsync(paths.Metrics, JsonSerializer.Serialize(metrics, Json), ct);
        await File.WriteAllTextAsync(paths.Report, RunReport.Render(summary, runs, facts), ct);
        return paths;
    }

    /// <summary>The source commit this build came from (embedded at build time), or "unknown".</summary>
    public static string Commit()
    {
        var version = typeof(RunArtifacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty;
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[(plus + 1)..] : "unknown";
    }

    /// <summary>Scaffold groups of the run's drugs: how many, and the ten largest by number of drugs, as SMILES.</summary>
    internal static ScaffoldSummary ScaffoldGroups(TrainingData data)
    {
        var drugsByScaffold = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < data.Pairs.Count; i++)
        {
            var key = data.Scaffolds[i];
            if (!drugsByScaffold.TryGetValue(key, out var drugs))
            {
                drugsByScaffold[key] = drugs = [];
            }

            drugs.Add(data.Pairs[i].Drug);
        }

        var withoutStructure = drugsByScaffold.Keys.Count(k => k.StartsWith(TrainingDataLoader.NoStructure, StringComparison.Ordinal));
        var largest = drugsByScaffold.Where(g => !g.Key.StartsWith(TrainingDataLoader.NoStructure, StringComparison.Ordinal))
            .OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal).Take(10)
            .Select(g => new ScaffoldGroup(g.Key, g.Value.Count)).ToList();
        return new ScaffoldSummary(drugsByScaffold.Count, drugsByScaffold.Values.Sum(d => d.Count), withoutStructure, largest);
    }

    private static Dictionary<string, string> Facts(TrainingData data, StoreSummary store) => new()
    {
        ["signatures"] = $"{data.Kind}, {data.Pairs.Count} (drug, cell line) pairs from {string.Join(", ", data.Datasets)}",
        ["graph"] = $"{data.Graph.NodeCount:N0} nodes, {data.Graph.Stored.Count:N0} edges, {data.Graph.StoredRelations.Count} relations",
        ["node features"] = string.Join("; ", data.FeatureDescription.Select(f => $"{f.Key}: {f.Value}")),
        ["relations left out (leakage guard)"] = data.ExcludedRelations.Count == 0
            ? "none present (guarded: " + string.Join(", ", RelationExclusions.Defaults) + ")"
            : string.Join(", ", data.ExcludedRelations.Select(r => $"{r.Key} ({r.Value:N0} edges)")),
        ["warnings"] = data.Warnings.Count == 0 ? "none" : string.Join(" · ", data.Warnings),
        ["store"] = $"{store.Nodes:N0} nodes, {store.Edges:N0} edges, {store.Signatures:N0} signatures",
        ["commit"] = Commit(),
    };
}

/// <summary>How a run's drugs fall into scaffold groups.</summary>
public sealed record ScaffoldSummary(int Groups, int Drugs, int WithoutStructure, IReadOnlyList<ScaffoldGroup> Largest);

/// <summary>A scaffold (canonical SMILES; empty for acyclic drugs) and how many of the run's drugs have it.</summary>
public sealed record ScaffoldGroup(string Smiles, int Drugs);

/// <summary>Where a run's files are.</summary>
public sealed record RunArtifactPaths(string Manifest, string Metrics, string Report);
