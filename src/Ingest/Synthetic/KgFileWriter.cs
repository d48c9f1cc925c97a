using PerturbKG.Model;
using System.Globalization;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Writes kg.csv exactly as PrimeKG lays it out: twelve columns, each undirected edge as two rows (one per
/// direction), plus a few exact duplicate rows as the real file has.
/// </summary>
internal static class KgFileWriter
{
    public static readonly IReadOnlyDictionary<string, (string Source, Func<int, string> Id)> Vocabulary =
        new Dictionary<string, (string, Func<int, string>)>
        {
            ["gene/protein"] = ("NCBI", SyntheticNames.Entrez),
            ["drug"] = ("DrugBank", SyntheticNames.DrugBankId),
            ["disease"] = ("MONDO", i => (900_000 + i).ToString(CultureInfo.InvariantCulture)),
            ["effect/phenotype"] = ("HPO", i => (900_000 + i).ToString(CultureInfo.InvariantCulture)),
            ["biological_process"] = ("GO", i => (9_000_000 + i).ToString(CultureInfo.InvariantCulture)),
            ["molecular_function"] = ("GO", i => (9_100_000 + i).ToString(CultureInfo.InvariantCulture)),
            ["cellular_component"] = ("GO", i => (9_200_000 + i).ToString(CultureInfo.InvariantCulture)),
            ["exposure"] = ("CTD", i => "D9" + i.ToString("D5", CultureInfo.InvariantCulture)),
            ["pathway"] = ("REACTOME", i => "R-HSA-9" + i.ToString("D6", CultureInfo.InvariantCulture)),
            ["anatomy"] = ("UBERON", i => (9_000_000 + i).ToString(CultureInfo.InvariantCulture)),
        };

    /// <summary>The PrimeKG node index of each type's first node (types in the profile's order).</summary>
    public static Dictionary<string, int> FirstIndex(ScaleProfile profile)
    {
        var first = new Dictionary<string, int>();
        var next = 0;
        foreach (var (type, count) in profile.Nodes)
        {
            first[type] = next;
            next += count;
        }

        return first;
    }

    public static string NodeName(SyntheticWorld world, string type, int i) => type switch
    {
        "gene/protein" => SyntheticNames.GeneSymbol(i),
        "drug" => world.Drugs[i].Name,
        _ => $"synthetic {type.Replace('_', ' ')} {i + 1}",
    };

    public static void Write(string path, SyntheticWorld world, DeterministicRandom random)
    {
        var first = FirstIndex(world.Profile);
        var nodeText = new Dictionary<string, string[]>();
        foreach (var (type, count) in world.Profile.Nodes)
        {
            var (source, id) = Vocabulary[type];
            nodeText[type] = Enumerable.Range(0, count)
                .Select(i => string.Join(',', (first[type] + i).ToString(CultureInfo.InvariantCulture), id(i), type, TableWriter.Quote(NodeName(world, type, i)), source))
                .ToArray();
        }

        using var writer = new TableWriter(path, ',');
        writer.Row("relation", "display_relation", "x_index", "x_id", "x_type", "x_name", "x_source", "y_index", "y_id", "y_type", "y_name", "y_source");
        foreach (var block in world.Edges)
        {
            var prefix = $"{TableWriter.Quote(block.Spec.Name)},{TableWriter.Quote(block.Spec.Display)},";
            var (x, y) = (nodeText[block.Spec.SourceType], nodeText[block.Spec.TargetType]);
            foreach (var (a, b) in block.Pairs)
            {
                writer.Raw(prefix + x[a] + "," + y[b]);
            }

            foreach (var (a, b) in block.Pairs)
            {
                writer.Raw(prefix + y[b] + "," + x[a]);
            }
        }

        var total = world.Edges.Sum(e => e.Pairs.Count);
        for (var d = 0; d < world.Profile.DuplicateRows && total > 0; d++)
        {
            var pick = random.Next(total);
            foreach (var block in world.Edges)
            {
                if (pick < block.Pairs.Count)
                {
                    var (a, b) = block.Pairs[pick];
                    writer.Raw($"{TableWriter.Quote(block.Spec.Name)},{TableWriter.Quote(block.Spec.Display)},{nodeText[block.Spec.SourceType][a]},{nodeText[block.Spec.TargetType][b]}");
                    break;
                }

                pick -= block.Pairs.Count;
            }
        }
    }
}
