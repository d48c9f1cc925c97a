namespace PerturbKG.Ingest.Lincs;

/// <summary>What is known of a perturbagen compound: LINCS id and name, structure, and cross-references.</summary>
public sealed record CompoundInfo(
    string? PertId,
    string? Name,
    string? Smiles,
    string? InChIKey,
    string? DrugBankId,
    string? PertType)
{
    /// <summary>
    /// The id a compound is known by in reports and as a new drug's key: its LINCS pert_id, else its DrugBank id, else its
    /// SMILES, else its name (the ids a user gave come first, so <c>--drug DB02424</c> finds it).
    /// </summary>
    public string Identity => PertId ?? DrugBankId ?? Smiles ?? Name ?? "(unnamed)";

    /// <summary>Fills this record's blanks from another description of the same compound.</summary>
    public CompoundInfo Merge(CompoundInfo? other) => other is null ? this : new CompoundInfo(
        PertId ?? other.PertId,
        Name ?? other.Name,
        Smiles ?? other.Smiles,
        InChIKey ?? other.InChIKey,
        DrugBankId ?? other.DrugBankId,
        PertType ?? other.PertType);

    /// <summary>An InChIKey without the "InChIKey=" prefix, upper-cased; null when blank.</summary>
    public static string? NormalizeInChIKey(string? value)
    {
        var key = LincsText.Clean(value);
        if (key is null)
        {
            return null;
        }

        if (key.StartsWith("InChIKey=", StringComparison.OrdinalIgnoreCase))
        {
            key = key["InChIKey=".Length..];
        }

        return key.Length == 0 ? null : key.ToUpperInvariant();
    }
}
