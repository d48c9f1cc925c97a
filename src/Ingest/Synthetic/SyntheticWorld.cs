using PerturbKG.Model;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Everything the generator decides before writing a file: genes in PPI modules, drugs with scaffold-driven targets,
/// the knowledge graph's edges, LINCS compounds (and how each can be joined to a drug), cell lines and signatures.
/// </summary>
public sealed class SyntheticWorld
{
    public const double SignalScale = 1.0;
    public const double Noise = 0.35;
    private const int ModuleSize = 75;

    private SyntheticWorld(ScaleProfile profile) => Profile = profile;

    public ScaleProfile Profile { get; }

    public int GeneCount { get; private set; }

    public int[] GeneModule { get; private set; } = [];

    /// <summary>Gene indices of the 978 landmark genes, in the order gene info lists them.</summary>
    public int[] Landmarks { get; private set; } = [];

    /// <summary>Per landmark gene: +1 if it rises with its pathway's activity, −1 if it falls.</summary>
    public float[] Directions { get; private set; } = [];

    public IReadOnlyList<SyntheticDrug> Drugs { get; private set; } = [];

    public IReadOnlyList<SyntheticEdges> Edges { get; private set; } = [];

    public IReadOnlyList<SyntheticCompound> Compounds { get; private set; } = [];

    public IReadOnlyList<CellProfile> Cells { get; private set; } = [];

    public IReadOnlyList<SyntheticSignature> Signatures { get; private set; } = [];

    public static SyntheticWorld Build(ScaleProfile profile, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var world = new SyntheticWorld(profile);
        world.BuildGenes(random.Fork("genes"));
        world.BuildDrugs(random.Fork("drugs"));
        world.Edges = new SyntheticGraph(world, random.Fork("graph")).Build();
        world.BuildCompounds(random.Fork("compounds"));
        world.BuildCells(random.Fork("cells"));
        world.BuildSignatures(random.Fork("signatures"));
        return world;
    }

    public int ModuleCount => Math.Max(2, GeneCount / ModuleSize);

    /// <summary>The genes of each PPI module.</summary>
    public List<int>[] ModuleMembers()
    {
        var members = Enumerable.Range(0, ModuleCount).Select(_ => new List<int>()).ToArray();
        for (var g = 0; g < GeneCount; g++)
        {
            members[GeneModule[g]].Add(g);
        }

        return members;
    }

    private void BuildGenes(DeterministicRandom random)
    {
        GeneCount = Profile.Nodes["gene/protein"];
        var modules = Enumerable.Range(0, GeneCount).Select(g => g % ModuleCount).ToArray();
        random.Shuffle(modules);
        GeneModule = modules;
        var order = Enumerable.Range(0, GeneCount).ToArray();
        random.Shuffle(order);
        Landmarks = order.Take(Lincs.LandmarkGeneSet.L1000Size).ToArray();
        Directions = Landmarks.Select(_ => random.Chance(0.5) ? 1f : -1f).ToArray();
    }

    private void BuildDrugs(DeterministicRandom random)
    {
        var count = Profile.Nodes["drug"];
        var targetEdges = Profile.Relations.First(r => r.Name == "drug_protein").Count * 0.7;
        var mean = Math.Max(1.0, targetEdges / count);
        Drugs = MakeDrugs(count, mean, random, 0).ToList();
    }

    internal List<SyntheticDrug> MakeDrugs(int count, double meanTargets, DeterministicRandom random, int firstIndex, ISet<string>? names = null, ISet<string>? smiles = null)
    {
        names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        smiles ??= new HashSet<string>(StringComparer.Ordinal);
        var homeModule = new Dictionary<string, int>(StringComparer.Ordinal);
        var modules = ModuleMembers();

        var drugs = new List<SyntheticDrug>(count);
        for (var i = 0; i < count; i++)
        {
            string structure, scaffold;
            do
            {
                (structure, scaffold) = SmilesAssembler.Assemble(random);
            }
            while (!smiles.Add(structure));

            if (!homeModule.TryGetValue(scaffold, out var module))
            {
                homeModule[scaffold] = module = random.Next(ModuleCount);
            }

            var targets = new List<(int Gene, double Weight)>();
            var n = Math.Min(8, 1 + random.Next((int)Math.Round((2 * meanTargets) - 1)));
            while (targets.Count < n)
            {
                var gene = random.Chance(0.8) ? random.Pick(modules[module]) : random.Next(GeneCount);
                if (targets.All(t => t.Gene != gene))
                {
                    // Every drug inhibits its targets, more or less strongly.
                    targets.Add((gene, -(0.6 + (0.8 * random.NextDouble()))));
                }
            }

            drugs.Add(new SyntheticDrug(firstIndex + i, SyntheticNames.DrugName(random, names), structure, scaffold, targets));
        }

        return drugs;
    }

    private void BuildCompounds(DeterministicRandom random)
    {
        var compounds = new List<SyntheticCompound>();
        var index = 0;
        foreach (var drug in Drugs)
        {
            if (!random.Chance(Profile.DrugsInLincs))
            {
                continue;
            }

            var roll = random.NextDouble();
            var route = roll < 0.55 ? JoinRoute.InChIKey : roll < 0.75 ? JoinRoute.DrugBank : roll < 0.95 ? JoinRoute.Name : JoinRoute.None;
            var lincsName = route switch
            {
                JoinRoute.Name => random.Chance(0.5) ? drug.Name.ToUpperInvariant() : drug.Name[..3] + "-" + drug.Name[3..].ToLowerInvariant(),
                JoinRoute.None => drug.Name + " B",
                _ => drug.Name.ToLowerInvariant(),
            };
            compounds.Add(new SyntheticCompound(SyntheticNames.BroadId(index++), lincsName, drug, route));
        }

        var extra = Math.Max(2, Drugs.Count / 20);
        var names = new HashSet<string>(Drugs.Select(d => d.Name), StringComparer.OrdinalIgnoreCase);
        var smiles = new HashSet<string>(Drugs.Select(d => d.Smiles), StringComparer.Ordinal);
        foreach (var hidden in MakeDrugs(extra, 2, random, -1, names, smiles))
        {
            compounds.Add(new SyntheticCompound(SyntheticNames.BroadId(index++), hidden.Name.ToLowerInvariant(), hidden with { Index = -1 }, JoinRoute.NotInGraph));
        }

        Compounds = compounds;
    }

    private void BuildCells(DeterministicRandom random)
    {
        string[] lineages = ["epithelial", "haematopoietic", "neural", "mesenchymal"];
        var landmarks = Landmarks.Length;
        var mean = Enumerable.Range(0, landmarks).Select(_ => Math.Clamp(8 + (1.5 * random.NextGaussian()), 2, 14)).ToArray();
        var lineageShift = lineages.Select(_ => Enumerable.Range(0, landmarks).Select(_ => 0.6 * random.NextGaussian()).ToArray()).ToArray();
        var cells = new List<CellProfile>();
        for (var c = 0; c < Profile.CellLines; c++)
        {
            var lineage = c % lineages.Length;
            var baseline = new float[landmarks];
            var sensitivity = new float[landmarks];
            var offset = new float[landmarks];
            for (var g = 0; g < landmarks; g++)
            {
                var deviation = lineageShift[lineage][g] + (0.8 * random.NextGaussian());
                baseline[g] = (float)(mean[g] + deviation);
                sensitivity[g] = (float)Math.Exp(0.35 * deviation);
                offset[g] = (float)(0.25 * random.NextGaussian());
            }

            cells.Add(new CellProfile($"SYN{c + 1:D2}", lineages[lineage], baseline, sensitivity, offset));
        }

        Cells = cells;
    }

    private void BuildSignatures(DeterministicRandom random)
    {
        var mechanism = new PlantedMechanism(GeneCount, Edges.First(e => e.Spec.Name == "protein_protein").Pairs, Landmarks, Directions);
        var responses = Compounds.Select(c => mechanism.Response(c.Drug.Targets)).ToList();
        var meanSpread = responses.Average(Spread);
        var scale = SignalScale / Math.Max(1e-6, meanSpread);
        var signatures = new List<SyntheticSignature>();
        var plate = 0;
        for (var i = 0; i < Compounds.Count; i++)
        {
            var chosen = Cells.Where(_ => random.Chance(Profile.CellCoverage)).ToList();
            if (chosen.Count == 0)
            {
                chosen.Add(random.Pick(Cells));
            }

            foreach (var cell in chosen)
            {
                var values = PlantedMechanism.Observe(responses[i], scale, cell, Noise, random);
                signatures.Add(new SyntheticSignature($"SYN{(plate++ / 380) + 1:D3}_{cell.Id}_24H:{Compounds[i].PertId}:10", Compounds[i], cell, values));
            }
        }

        var zero = new float[Landmarks.Length];
        foreach (var cell in Cells)
        {
            for (var k = 0; k < 2; k++)
            {
                signatures.Add(new SyntheticSignature($"SYNCTL_{cell.Id}_24H:DMSO:{k}", null, cell, PlantedMechanism.Observe(zero, 0, cell, Noise, random)));
            }
        }

        Signatures = signatures;
    }

    private static double Spread(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}

/// <summary>A synthetic drug: its structure, scaffold identity, and the (hidden or graph-visible) targets that drive it.</summary>
public sealed record SyntheticDrug(int Index, string Name, string Smiles, string ScaffoldKey, IReadOnlyList<(int Gene, double Weight)> Targets);

/// <summary>A compound as LINCS lists it, and how it can be joined to its graph drug.</summary>
public sealed record SyntheticCompound(string PertId, string LincsName, SyntheticDrug Drug, JoinRoute Route);

/// <summary>The evidence that lets ingestion join a LINCS compound to its graph drug.</summary>
public enum JoinRoute
{
    InChIKey,
    DrugBank,
    Name,
    None,
    NotInGraph,
}

/// <summary>One level-5 signature: a compound (null for a DMSO control) in a cell line.</summary>
public sealed record SyntheticSignature(string Id, SyntheticCompound? Compound, CellProfile Cell, float[] Values);

/// <summary>The edges of one kg.csv relation, as (source index, target index) within their node types.</summary>
public sealed record SyntheticEdges(RelationSpec Spec, IReadOnlyList<(int A, int B)> Pairs);
