using System.Text;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Graph;

/// <summary>Maps the node type names of PrimeKG and other graphs onto the store's labels.</summary>
public static class NodeTypeNames
{
    /// <summary>PrimeKG's ten node types, as written in kg.csv.</summary>
    public static readonly IReadOnlyDictionary<string, string> PrimeKg = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["drug"] = NodeTypes.Drug,
        ["gene/protein"] = NodeTypes.Gene,
        ["disease"] = NodeTypes.Disease,
        ["effect/phenotype"] = NodeTypes.Phenotype,
        ["anatomy"] = NodeTypes.Anatomy,
        ["biological_process"] = NodeTypes.BiologicalProcess,
        ["molecular_function"] = NodeTypes.MolecularFunction,
        ["cellular_component"] = NodeTypes.CellularComponent,
        ["pathway"] = NodeTypes.Pathway,
        ["exposure"] = NodeTypes.Exposure,
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["compound"] = NodeTypes.Drug,
        ["drug"] = NodeTypes.Drug,
        ["chemical"] = NodeTypes.Drug,
        ["gene"] = NodeTypes.Gene,
        ["protein"] = NodeTypes.Gene,
        ["gene/protein"] = NodeTypes.Gene,
        ["effect/phenotype"] = NodeTypes.Phenotype,
        ["cell"] = NodeTypes.CellLine,
        ["cell line"] = NodeTypes.CellLine,
        ["cell_line"] = NodeTypes.CellLine,
    };

    /// <summary>A label for any graph's node kind: a known alias, else the kind in PascalCase ("Side Effect" → SideEffect).</summary>
    public static string Canonical(string kind)
    {
        if (Aliases.TryGetValue(kind.Trim(), out var known))
        {
            return known;
        }

        var builder = new StringBuilder(kind.Length);
        var upper = true;
        foreach (var c in kind)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 ? "Node" : builder.ToString();
    }
}
