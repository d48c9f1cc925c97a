using System.Text.RegularExpressions;
using PerturbKG.Store.Graph;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// Relations left out of the training graph because their evidence is the expression data being predicted. Hetionet's
/// compound up-/down-regulates gene edges (CuG, CdG) were computed from the LINCS consensus signatures themselves: a
/// model that sees them is shown its test labels. Hetionet's gene_regulates_gene (Gr>G) comes from LINCS genetic
/// knock-down and over-expression signatures, not compound signatures, and is kept. Users add names with
/// <c>--exclude-relations</c> and take defaults back with <c>--include-relations</c>.
/// </summary>
public static partial class RelationExclusions
{
    /// <summary>Relation names (or display names, or Hetionet metaedge codes) excluded unless included explicitly.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["compound_upregulates_gene", "compound_downregulates_gene", "CuG", "CdG"];

    /// <summary>The names to exclude: the defaults and the user's, less those the user includes.</summary>
    public static IReadOnlySet<string> Resolve(TrainingDataOptions options) =>
        Defaults.Concat(options.ExcludeRelations ?? [])
            .Except(options.IncludeRelations ?? [], StringComparer.OrdinalIgnoreCase)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool Matches(RelationType type, IReadOnlySet<string> names) =>
        names.Contains(type.Name) || names.Contains(type.Display);

    /// <summary>A drug → gene relation whose name says it is up- or down-regulation: likely derived from expression data.</summary>
    public static bool LooksLikeExpressionEvidence(RelationType type) =>
        ((type.SourceType == NodeTypes.Drug && type.TargetType == NodeTypes.Gene) || (type.SourceType == NodeTypes.Gene && type.TargetType == NodeTypes.Drug))
        && (RegulationPattern().IsMatch(type.Name) || RegulationPattern().IsMatch(type.Display));

    /// <summary>The subgraph without the excluded relations' edges; what was removed, by relation, with edge counts.</summary>
    public static (Subgraph Graph, IReadOnlyDictionary<string, int> Removed, IReadOnlyList<string> Warnings) Apply(Subgraph subgraph, IReadOnlySet<string> names)
    {
        var dropped = subgraph.Relations.Where(r => Matches(r.Type, names)).ToDictionary(r => r.Id, r => r.Type.Name);
        var removed = dropped.Values.Distinct().ToDictionary(n => n, _ => 0);
        var kept = new List<GraphEdge>(subgraph.Edges.Count);
        foreach (var edge in subgraph.Edges)
        {
            if (dropped.TryGetValue(edge.Relation, out var name))
            {
                removed[name]++;
            }
            else
            {
                kept.Add(edge);
            }
        }

        var warnings = subgraph.Relations
            .Where(r => !dropped.ContainsKey(r.Id) && LooksLikeExpressionEvidence(r.Type))
            .Select(r => $"the training graph holds '{r.Type.Name}' ({r.Type.SourceType} → {r.Type.TargetType}): if it was derived from expression signatures like the ones predicted, the model sees its labels; leave it out with --exclude-relations {r.Type.Name}")
            .ToList();
        var relations = subgraph.Relations.Where(r => !dropped.ContainsKey(r.Id)).ToList();
        return (subgraph with { Edges = kept, Relations = relations }, removed, warnings);
    }

    [GeneratedRegex(@"(up|down)[-_ ]?regulat|^C[ud]G$", RegexOptions.IgnoreCase)]
    private static partial Regex RegulationPattern();
}
