using System.Text.RegularExpressions;
using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Tables;

/// <summary>Reads which compound a table row is about, from whichever id, SMILES and name columns the table has.</summary>
public sealed partial class TableCompound
{
    private readonly int? _pertId;
    private readonly int? _drugBank;
    private readonly int? _drug;
    private readonly int? _smiles;
    private readonly int? _name;
    private readonly int? _inchikey;

    public TableCompound(HeaderMap header)
    {
        _pertId = header.Find("pert_id", "broad_id", "lincs_pert_id");
        _drugBank = header.Find("drugbank_id", "drugbank");
        _drug = header.Find("drug", "drug_id", "compound", "compound_id", "perturbagen");
        _smiles = header.Find("canonical_smiles", "smiles");
        _name = header.Find("pert_iname", "cmap_name", "drug_name", "compound_name");
        _inchikey = header.Find("inchi_key", "inchikey");
        if (_pertId is null && _drugBank is null && _drug is null && _smiles is null && _name is null && _inchikey is null)
        {
            throw new InvalidInputException(header.File, 1,
                "no compound column: expected one of pert_id, drugbank_id, drug, drug_id, compound, perturbagen, canonical_smiles, smiles, pert_iname, inchi_key");
        }
    }

    /// <summary>The columns this reader uses.</summary>
    public IEnumerable<int> Columns => new[] { _pertId, _drugBank, _drug, _smiles, _name, _inchikey }.OfType<int>();

    public CompoundInfo Read(DelimitedReader reader)
    {
        string? Get(int? column) => column is { } c ? LincsText.Clean(reader.GetString(c)) : null;
        var info = new CompoundInfo(Get(_pertId), Get(_name), Get(_smiles), CompoundInfo.NormalizeInChIKey(Get(_inchikey)), Get(_drugBank), null);
        return Get(_drug) is { } generic ? info.Merge(Classify(generic)) : info;
    }

    /// <summary>Sorts a free "drug" value into DrugBank id, LINCS BRD id, SMILES or name.</summary>
    public static CompoundInfo Classify(string value)
    {
        if (DrugBankPattern().IsMatch(value))
        {
            return new CompoundInfo(null, null, null, null, value, null);
        }

        if (value.StartsWith("BRD-", StringComparison.OrdinalIgnoreCase))
        {
            return new CompoundInfo(value, null, null, null, null, null);
        }

        return LooksLikeSmiles(value)
            ? new CompoundInfo(null, null, value, null, null, null)
            : new CompoundInfo(null, value, null, null, null, null);
    }

    private static bool LooksLikeSmiles(string value) =>
        !value.Contains(' ', StringComparison.Ordinal) && value.IndexOfAny(['=', '#', '(', '[', '@']) >= 0;

    [GeneratedRegex(@"^DB\d{5,}$")]
    private static partial Regex DrugBankPattern();
}
