using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// Reads perturbagen tables: GSE92742 <c>pert_info</c>, clue.io <c>pertinfo</c>, 2020 beta <c>compoundinfo_beta</c>
/// (cmap_name; several rows per compound, one per target), keyed by pert_id.
/// </summary>
public static class PertInfoReader
{
    public static Dictionary<string, CompoundInfo> Read(InputFile file, Reporting.IngestIssues issues)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var id = header.Require("pert_id", "pert_id", "broad_id", "compound_id");
        var name = header.Find("pert_iname", "cmap_name", "compound_name", "pert_name", "name");
        var smiles = header.Find("canonical_smiles", "smiles");
        var inchikey = header.Find("inchi_key", "inchikey", "standard_inchi_key");
        var drugbank = header.Find("drugbank_id", "drugbank");
        var type = header.Find("pert_type");
        var compounds = new Dictionary<string, CompoundInfo>(StringComparer.Ordinal);
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            if (!RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            var pertId = LincsText.Clean(reader.GetString(id));
            if (pertId is null)
            {
                continue;
            }

            var info = new CompoundInfo(
                pertId,
                Field(reader, name),
                Field(reader, smiles),
                CompoundInfo.NormalizeInChIKey(Field(reader, inchikey)),
                Field(reader, drugbank),
                Field(reader, type));
            if (compounds.TryGetValue(pertId, out var earlier))
            {
                if (earlier.InChIKey is not null && info.InChIKey is not null && earlier.InChIKey != info.InChIKey)
                {
                    issues.Reject(file.Path, reader.LineNumber, Reporting.IssueKind.ConflictingDuplicateId,
                        $"compound {pertId} has InChIKey {info.InChIKey} here but {earlier.InChIKey} earlier");
                    continue;
                }

                compounds[pertId] = earlier.Merge(info);
            }
            else
            {
                compounds[pertId] = info;
            }
        }

        return compounds;
    }

    private static string? Field(DelimitedReader reader, int? column) =>
        column is { } c ? LincsText.Clean(reader.GetString(c)) : null;
}
