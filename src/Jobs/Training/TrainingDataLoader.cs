using PerturbKG.Model.Chemistry;
using PerturbKG.Model.Data;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// Loads a store's signatures and the k-hop neighbourhood of their drugs, cell lines and landmark genes, and turns
/// them into model inputs: pairs (the mean of each (drug, cell) pair's signatures), node blocks with features, and
/// stored edges.
/// </summary>
public static class TrainingDataLoader
{
    // Blocks in a fixed order: the node types the head uses first, then the rest alphabetically.
    private static readonly string[] LeadingTypes = [NodeTypes.Drug, NodeTypes.CellLine, NodeTypes.Gene];

    /// <param name="extra">A drug to add to the extracted graph for prediction (see <see cref="Predictions.NewDrug"/>).</param>
    /// <param name="evaluate">
    /// Signature datasets to score a trained run on: their pairs go to <see cref="TrainingData.Evaluation"/> (never into
    /// <see cref="TrainingData.Pairs"/>, so the run's splits are unchanged) and their drugs join the graph's anchors.
    /// </param>
    public static async Task<TrainingData> LoadAsync(IGraphStore store, TrainingDataOptions options, CancellationToken ct,
        Predictions.NewDrug? extra = null, IReadOnlyList<string>? evaluate = null)
    {
        var testDatasets = (options.TestDatasets ?? []).ToHashSet(StringComparer.Ordinal);
        if (options.Datasets?.FirstOrDefault(testDatasets.Contains) is { } both)
        {
            throw new ArgumentException($"Signature dataset '{both}' is named both for training (--signatures) and as a test set (--test-signatures).");
        }

        IReadOnlyList<string>? wanted = options.Datasets is { Count: > 0 } named ? [.. named, .. testDatasets] : null;
        var set = await store.LoadSignaturesAsync(new SignatureQuery(wanted, options.Kind), ct);
        if (set.Landmarks.Count == 0 || set.Signatures.Count == 0)
        {
            throw new InvalidOperationException($"The store {store.Location} holds no signatures{(wanted is { Count: > 0 } d ? $" in {string.Join(", ", d)}" : string.Empty)}: ingest LINCS data first.");
        }

        if (testDatasets.FirstOrDefault(t => set.Signatures.All(s => s.Dataset != t)) is { } missing)
        {
            throw new NotFoundException("signature dataset", missing, CloseMatches.Among(missing, set.Signatures.Select(s => s.Dataset).Distinct()));
        }

        var kinds = set.Signatures.Select(s => s.Kind).Distinct().ToList();
        if (kinds.Count > 1)
        {
            throw new InvalidOperationException(
                $"The signatures are of several kinds ({string.Join(", ", kinds)}), on different scales; choose one with --kind or --signatures.");
        }

        var evaluation = evaluate is { Count: > 0 } ? await store.LoadSignaturesAsync(new SignatureQuery(evaluate, kinds[0]), ct) : null;
        if (evaluate?.FirstOrDefault(d => evaluation!.Signatures.All(s => s.Dataset != d)) is { } absent)
        {
            throw new NotFoundException($"{kinds[0]} signature dataset", absent, []);
        }

        var anchors = set.Signatures.Concat(evaluation?.Signatures ?? [])
            .SelectMany(s => new[] { s.Drug, s.Cell }).Concat(set.Landmarks.Select(l => l.Node)).ToHashSet();
        var extracted = await store.ExtractSubgraphAsync(new SubgraphRequest(anchors, options.Hops, options.MaxNeighbours, options.Seed), ct);
        var (subgraph, excluded, warnings) = RelationExclusions.Apply(extracted, RelationExclusions.Resolve(options));
        if (extra is not null)
        {
            subgraph = WithNewDrug(subgraph, extra);
        }

        var nodes = subgraph.Nodes
            .OrderBy(n => Array.IndexOf(LeadingTypes, n.Type) is var i && i >= 0 ? i : LeadingTypes.Length)
            .ThenBy(n => n.Type, StringComparer.Ordinal)
            .ThenBy(n => n.Id)
            .ToList();
        var row = nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var description = new Dictionary<string, string>();
        var blocks = Blocks(nodes, subgraph, set, description);
        var (stored, relations) = Edges(subgraph, row);
        var graph = new GraphData(blocks, stored, relations, set.Landmarks.OrderBy(l => l.Position).Select(l => row[l.Node]).ToArray());

        List<IGrouping<(long Drug, long Cell), StoredSignature>> Groups(IEnumerable<StoredSignature> signatures) => signatures
            .GroupBy(s => (s.Drug, s.Cell))
            .OrderBy(g => g.Key.Drug).ThenBy(g => g.Key.Cell)
            .ToList();
        List<PairSample> Pairs(List<IGrouping<(long Drug, long Cell), StoredSignature>> groups) => groups
            .Select(g => new PairSample($"{nodes[row[g.Key.Drug]].Key}|{nodes[row[g.Key.Cell]].Key}", row[g.Key.Drug], row[g.Key.Cell], Mean(g.Select(s => s.Values)), g.Count()))
            .ToList();
        var groups = Groups(set.Signatures);
        var pairs = Pairs(groups);
        var externalTest = new List<int>();
        for (var i = 0; i < groups.Count; i++)
        {
            var inTest = groups[i].Where(s => testDatasets.Contains(s.Dataset)).Select(s => s.Dataset).Distinct().ToList();
            if (inTest.Count == 0)
            {
                continue;
            }

            if (groups[i].FirstOrDefault(s => !testDatasets.Contains(s.Dataset)) is { } other)
            {
                throw new ArgumentException(
                    $"The pair {pairs[i].Id} has signatures in test dataset '{inTest[0]}' and in dataset '{other.Dataset}' used for training; a test pair must not be trained on. Leave one of them out with --signatures.");
            }

            externalTest.Add(i);
        }

        var scaffolds = pairs.Select(p => ScaffoldOf(nodes[p.Drug], subgraph.Smiles)).ToList();
        return new TrainingData(graph, pairs, scaffolds, nodes, set.Landmarks, kinds[0],
            set.Signatures.Select(s => s.Dataset).Distinct().Order().ToList(), description, subgraph.Relations.Select(r => r.Type).ToList())
        {
            ExternalTest = externalTest,
            Evaluation = evaluation is null ? [] : Pairs(Groups(evaluation.Signatures)),
            ExcludedRelations = excluded,
            Warnings = warnings,
        };
    }

    private static List<NodeBlock> Blocks(List<StoredNode> nodes, Subgraph subgraph, SignatureSet set, Dictionary<string, string> description)
    {
        var blocks = new List<NodeBlock>();
        var offset = 0;
        foreach (var group in nodes.GroupBy(n => n.Type))
        {
            var members = group.ToList();
            var parts = new List<(string Name, float[][] Rows)>();
            if (group.Key == NodeTypes.Drug && members.Any(m => subgraph.Smiles.ContainsKey(m.Id)))
            {
                parts.Add(("ECFP4 (2048 bits)", members.Select(m => Ecfp(subgraph.Smiles.GetValueOrDefault(m.Id))).ToArray()));
            }

            if (group.Key == NodeTypes.CellLine && set.CellBaselines.Count > 0)
            {
                parts.Add(("basal expression, z-scored per gene (978)", StandardizedBaselines(members, set.CellBaselines)));
            }

            foreach (var features in subgraph.Features.Where(f => f.NodeType == group.Key))
            {
                parts.Add(($"'{features.Name}' ({features.Dimension})", members.Select(m => features.Vectors.GetValueOrDefault(m.Id) ?? new float[features.Dimension]).ToArray()));
            }

            Matrix? matrix = null;
            if (parts.Count > 0)
            {
                var width = parts.Sum(p => p.Rows[0].Length);
                matrix = new Matrix(members.Count, width);
                for (var i = 0; i < members.Count; i++)
                {
                    var at = 0;
                    foreach (var (_, rows) in parts)
                    {
                        rows[i].CopyTo(matrix.Row(i)[at..]);
                        at += rows[i].Length;
                    }
                }

                description[group.Key] = string.Join(" ‖ ", parts.Select(p => p.Name));
            }
            else
            {
                description[group.Key] = "no input features (learned embedding)";
            }

            var fingerprint = parts.Count > 0 && parts[0].Name.StartsWith("ECFP4", StringComparison.Ordinal) ? parts[0].Rows[0].Length : 0;
            blocks.Add(new NodeBlock(group.Key, offset, members.Count, matrix, fingerprint));
            offset += members.Count;
        }

        return blocks;
    }

    /// <summary>Store id of the drug added by <see cref="Predictions.NewDrug"/> (never a real store id).</summary>
    public const long NewDrugId = -1;

    private static Subgraph WithNewDrug(Subgraph subgraph, Predictions.NewDrug drug)
    {
        var present = subgraph.Nodes.Select(n => n.Id).ToHashSet();
        var edges = new List<GraphEdge>(subgraph.Edges);
        foreach (var (node, relation) in drug.Links)
        {
            if (!present.Contains(node))
            {
                continue; // a neighbour outside the trained graph carries nothing the model knows
            }

            var type = subgraph.Relations.FirstOrDefault(r => r.Type.Name == relation && r.Type.SourceType == NodeTypes.Drug)
                ?? throw new ArgumentException($"The trained graph has no relation '{relation}' from drugs; known: {string.Join(", ", subgraph.Relations.Where(r => r.Type.SourceType == NodeTypes.Drug).Select(r => r.Type.Name).Distinct())}.");
            edges.Add(new GraphEdge(NewDrugId, node, type.Id));
        }

        var smiles = new Dictionary<long, string>(subgraph.Smiles);
        if (drug.Smiles is not null)
        {
            smiles[NewDrugId] = drug.Smiles;
        }

        return subgraph with
        {
            Nodes = [.. subgraph.Nodes, new StoredNode(NewDrugId, NodeTypes.Drug, drug.Key, drug.Name)],
            Edges = edges,
            Smiles = smiles,
        };
    }

    private static float[] Ecfp(string? smiles)
    {
        if (smiles is null)
        {
            return new float[2048];
        }

        var molecule = SmilesParser.TryParse(smiles, out _);
        return molecule is null ? new float[2048] : MorganFingerprint.Compute(Fragments.Largest(molecule));
    }

    private static float[][] StandardizedBaselines(List<StoredNode> cells, IReadOnlyDictionary<long, float[]> baselines)
    {
        var known = cells.Where(c => baselines.ContainsKey(c.Id)).Select(c => baselines[c.Id]).ToList();
        var genes = known[0].Length;
        var mean = new double[genes];
        var std = new double[genes];
        for (var g = 0; g < genes; g++)
        {
            mean[g] = known.Average(v => v[g]);
            std[g] = Math.Sqrt(known.Average(v => (v[g] - mean[g]) * (v[g] - mean[g]))) + 1e-6;
        }

        return cells.Select(c => baselines.TryGetValue(c.Id, out var v)
            ? v.Select((x, g) => (float)((x - mean[g]) / std[g])).ToArray()
            : new float[genes]).ToArray();
    }

    private static (StoredEdges, List<RelationInfo>) Edges(Subgraph subgraph, Dictionary<long, int> row)
    {
        var dense = subgraph.Relations.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var relations = subgraph.Relations.Select(r => new RelationInfo(
            r.Type.Display == r.Type.Name ? r.Type.Name : $"{r.Type.Name}/{r.Type.Display}",
            !r.Type.Directed && r.Type.SourceType == r.Type.TargetType)).ToList();
        var edges = subgraph.Edges;
        var stored = new StoredEdges(
            edges.Select(e => row[e.Source]).ToArray(),
            edges.Select(e => row[e.Target]).ToArray(),
            edges.Select(e => dense[e.Relation]).ToArray());
        return (stored, relations);
    }

    private static float[] Mean(IEnumerable<float[]> vectors)
    {
        var list = vectors.ToList();
        var mean = new float[list[0].Length];
        foreach (var v in list)
        {
            for (var g = 0; g < mean.Length; g++)
            {
                mean[g] += v[g] / list.Count;
            }
        }

        return mean;
    }

    /// <summary>The scaffold key prefix of a drug without a structure (each is its own group).</summary>
    internal const string NoStructure = "no-structure:";

    private static string ScaffoldOf(StoredNode drug, IReadOnlyDictionary<long, string> smiles)
    {
        if (smiles.TryGetValue(drug.Id, out var text) && SmilesParser.TryParse(text, out _) is not null)
        {
            return MurckoScaffold.Of(text, largestFragment: true).Key; // salts stripped: the drug's own scaffold
        }

        return $"{NoStructure}{drug.Id}"; // without a structure a drug is its own scaffold group
    }
}

/// <summary>What to load for training.</summary>
public sealed record TrainingDataOptions
{
    /// <summary>Signature datasets to use (all when empty).</summary>
    public IReadOnlyList<string>? Datasets { get; init; }

    public SignatureKind? Kind { get; init; }

    public int Hops { get; init; } = 2;

    /// <summary>Cap on edges kept per node when extracting the neighbourhood (null: all).</summary>
    public int? MaxNeighbours { get; init; }

    /// <summary>Signature datasets that form the test fold as a whole (the others are split into training and validation).</summary>
    public IReadOnlyList<string>? TestDatasets { get; init; }

    /// <summary>Relations to leave out of the graph besides <see cref="RelationExclusions.Defaults"/>.</summary>
    public IReadOnlyList<string>? ExcludeRelations { get; init; }

    /// <summary>Default exclusions to keep in the graph after all.</summary>
    public IReadOnlyList<string>? IncludeRelations { get; init; }

    public ulong Seed { get; init; } = 1;
}
