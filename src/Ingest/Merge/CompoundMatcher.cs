using System.Text;
using PerturbKG.Ingest.Lincs;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Merge;

/// <summary>
/// Joins LINCS compounds to the graph's drug nodes: by InChIKey, then DrugBank id, then normalised name. A name
/// shared by two drugs is ambiguous and never matched on.
/// </summary>
public sealed class CompoundMatcher
{
    public const string ByInChIKey = "inchikey";
    public const string ByDrugBank = "drugbank";
    public const string ByName = "name";
    public const string Unmatched = "new";

    private readonly Dictionary<string, long> _byInChIKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byDrugBank = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ambiguousNames = new(StringComparer.Ordinal);

    /// <param name="drugs">The store's drug nodes.</param>
    /// <param name="inchikeys">InChIKey attributes of drug nodes, by node id.</param>
    /// <param name="drugbankIds">DrugBank id attributes of drug nodes, by node id (keys like DB00001 count too).</param>
    public CompoundMatcher(IEnumerable<StoredNode> drugs, IReadOnlyDictionary<long, string> inchikeys, IReadOnlyDictionary<long, string> drugbankIds)
    {
        foreach (var drug in drugs)
        {
            if (drug.Key.StartsWith("DB", StringComparison.OrdinalIgnoreCase))
            {
                _byDrugBank.TryAdd(drug.Key, drug.Id);
            }

            var name = NormalizeName(drug.Name);
            if (name.Length > 0 && !_byName.TryAdd(name, drug.Id) && _byName[name] != drug.Id)
            {
                _ambiguousNames.Add(name);
            }
        }

        foreach (var (node, key) in inchikeys)
        {
            if (CompoundInfo.NormalizeInChIKey(key) is { } k)
            {
                _byInChIKey.TryAdd(k, node);
            }
        }

        foreach (var (node, id) in drugbankIds)
        {
            _byDrugBank.TryAdd(id.Trim(), node);
        }
    }

    /// <summary>The matching drug node and the step that found it, or (null, "new").</summary>
    public (long? Drug, string Method) Match(CompoundInfo compound)
    {
        if (compound.InChIKey is { } key && _byInChIKey.TryGetValue(key, out var byKey))
        {
            return (byKey, ByInChIKey);
        }

        if (compound.DrugBankId is { } db && _byDrugBank.TryGetValue(db, out var byDb))
        {
            return (byDb, ByDrugBank);
        }

        if (compound.Name is { } name)
        {
            var normalized = NormalizeName(name);
            if (!_ambiguousNames.Contains(normalized) && _byName.TryGetValue(normalized, out var byName))
            {
                return (byName, ByName);
            }
        }

        return (null, Unmatched);
    }

    /// <summary>ASCII letters (lower-cased) and digits only: "Acetylsalicylic-Acid (USP)" → "acetylsalicylicacidusp".</summary>
    public static string NormalizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
