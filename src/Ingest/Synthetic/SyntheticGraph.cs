using PerturbKG.Model;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Draws the knowledge graph's edges. Protein–protein edges stay mostly within PPI modules; drug–protein "target"
/// edges are the drugs' true targets (enzyme/transporter/carrier edges are noise); pathways gather one module's genes;
/// every other relation is random. No pair is drawn twice within a relation.
/// </summary>
internal sealed class SyntheticGraph(SyntheticWorld world, DeterministicRandom random)
{
    private static readonly string[] OtherDrugProteinDisplays = ["enzyme", "transporter", "carrier"];

    public List<SyntheticEdges> Build()
    {
        var edges = new List<SyntheticEdges>();
        var modules = world.ModuleMembers();
        foreach (var spec in world.Profile.Relations)
        {
            switch (spec.Name)
            {
                case "protein_protein":
                    edges.Add(new SyntheticEdges(spec, Draw(spec, (a, _) => random.Chance(0.85) ? random.Pick(modules[world.GeneModule[a]]) : random.Next(world.GeneCount))));
                    break;
                case "drug_protein":
                    edges.AddRange(DrugProtein(spec));
                    break;
                case "pathway_protein":
                    edges.Add(new SyntheticEdges(spec, Draw(spec, (p, _) => random.Chance(0.7) ? random.Pick(modules[p % modules.Length]) : random.Next(world.GeneCount))));
                    break;
                default:
                    edges.Add(new SyntheticEdges(spec, Draw(spec, (_, count) => random.Next(count))));
                    break;
            }
        }

        return edges;
    }

    private IEnumerable<SyntheticEdges> DrugProtein(RelationSpec spec)
    {
        var seen = new HashSet<long>();
        var targets = new List<(int, int)>();
        foreach (var drug in world.Drugs)
        {
            foreach (var (gene, _) in drug.Targets)
            {
                if (seen.Add(Key(drug.Index, gene)))
                {
                    targets.Add((drug.Index, gene));
                }
            }
        }

        yield return new SyntheticEdges(spec with { Display = "target", Count = targets.Count }, targets);
        var remaining = Math.Max(0, spec.Count - targets.Count);
        var perDisplay = remaining / OtherDrugProteinDisplays.Length;
        for (var d = 0; d < OtherDrugProteinDisplays.Length; d++)
        {
            var count = d == OtherDrugProteinDisplays.Length - 1 ? remaining - (perDisplay * d) : perDisplay;
            var pairs = new List<(int, int)>(count);
            while (pairs.Count < count)
            {
                var (drug, gene) = (random.Next(world.Drugs.Count), random.Next(world.GeneCount));
                if (seen.Add(Key(drug, gene)))
                {
                    pairs.Add((drug, gene));
                }
            }

            yield return new SyntheticEdges(spec with { Display = OtherDrugProteinDisplays[d], Count = count }, pairs);
        }
    }

    // Draws spec.Count distinct pairs: a uniform source, and a target from the given rule (sizes of both types known).
    private List<(int A, int B)> Draw(RelationSpec spec, Func<int, int, int> target)
    {
        var sources = world.Profile.Nodes[spec.SourceType];
        var targets = world.Profile.Nodes[spec.TargetType];
        var symmetric = spec.SourceType == spec.TargetType;
        var seen = new HashSet<long>(spec.Count);
        var pairs = new List<(int, int)>(spec.Count);
        var attempts = 0;
        while (pairs.Count < spec.Count)
        {
            // The first draws visit every source node once, so no node of the type is left without an edge.
            var a = attempts < sources ? attempts : random.Next(sources);
            attempts++;
            var b = target(a, targets);
            if (symmetric && a == b)
            {
                continue;
            }

            var key = symmetric ? Key(Math.Min(a, b), Math.Max(a, b)) : Key(a, b);
            if (seen.Add(key))
            {
                pairs.Add((a, b));
            }
        }

        return pairs;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;
}
