using PerturbKG.Ingest.Lincs;

namespace PerturbKG.Ingest.Merge;

/// <summary>What the dataset's pertinfo and cross-reference tables say about compounds, to complete a signature's compound.</summary>
public sealed class CompoundCatalog
{
    private readonly Dictionary<string, CompoundInfo> _byPertId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompoundInfo> _bySmiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompoundInfo> _xrefByPertId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompoundInfo> _xrefByDrugBank = new(StringComparer.OrdinalIgnoreCase);

    public void AddPertInfo(IReadOnlyDictionary<string, CompoundInfo> compounds)
    {
        foreach (var (id, info) in compounds)
        {
            _byPertId.TryAdd(id, info);
            if (info.Smiles is { } smiles)
            {
                _bySmiles.TryAdd(smiles, info);
            }
        }
    }

    public void AddCrossReferences(IEnumerable<CompoundInfo> entries)
    {
        foreach (var info in entries)
        {
            if (info.PertId is { } pert)
            {
                _xrefByPertId.TryAdd(pert, info);
            }

            if (info.DrugBankId is { } drugbank)
            {
                _xrefByDrugBank.TryAdd(drugbank, info with { PertId = null });
            }
        }
    }

    /// <summary>
    /// The compound with its blanks filled from the cross-reference (when it is named by DrugBank id), from pertinfo (by
    /// pert_id, else by SMILES) and from the cross-reference by pert_id.
    /// </summary>
    public CompoundInfo Describe(CompoundInfo compound)
    {
        if (compound.DrugBankId is { } drugbank && _xrefByDrugBank.TryGetValue(drugbank, out var byDrugBank))
        {
            compound = compound.Merge(byDrugBank);
        }

        var known = compound.PertId is { } id && _byPertId.TryGetValue(id, out var byId) ? byId
            : compound.Smiles is { } smiles && _bySmiles.TryGetValue(smiles, out var bySmiles) ? bySmiles
            : null;
        var described = compound.Merge(known);
        return described.PertId is { } pert && _xrefByPertId.TryGetValue(pert, out var xref)
            ? described.Merge(xref with { Name = null, PertId = null })
            : described;
    }
}
