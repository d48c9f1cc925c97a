using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// Reads a DrugBank ↔ LINCS cross-reference (e.g. Hetionet's compounds.tsv: drugbank_id, name, inchikey, smiles,
/// lincs_pert_ids separated by ';' or '|'). Returns one entry per (DrugBank id, LINCS pert_id), or per DrugBank id
/// with no pert_id, so a compound can be completed from either id.
/// </summary>
public static class DrugXrefReader
{
    public static List<CompoundInfo> Read(InputFile file)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var drugbank = header.Require("DrugBank id", "drugbank_id", "drugbank", "db_id");
        var perts = header.Require("LINCS pert ids", "lincs_pert_ids", "pert_ids", "pert_id", "lincs_pert_id");
        var name = header.Find("name", "drug_name");
        var inchikey = header.Find("inchikey", "inchi_key");
        var smiles = header.Find("smiles", "canonical_smiles");
        var entries = new List<CompoundInfo>();
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            RowWidth.Require(reader, header);

            var id = LincsText.Clean(reader.GetString(drugbank));
            if (id is null)
            {
                continue;
            }

            var info = new CompoundInfo(
                null,
                name is { } n ? LincsText.Clean(reader.GetString(n)) : null,
                smiles is { } s ? LincsText.Clean(reader.GetString(s)) : null,
                inchikey is { } k ? CompoundInfo.NormalizeInChIKey(reader.GetString(k)) : null,
                id,
                null);
            var ids = reader.GetString(perts).Split([';', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            entries.AddRange(ids.Length == 0 ? [info] : ids.Select(pert => info with { PertId = pert }));
        }

        return entries;
    }
}
