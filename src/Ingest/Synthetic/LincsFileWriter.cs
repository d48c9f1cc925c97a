using PerturbKG.Model;
using System.Globalization;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Writes the LINCS side in its real formats: GSE92742-style gene, perturbagen, cell and signature info tables, a
/// DrugBank cross-reference, a GCT 1.3 level-5 matrix (landmark rows plus a few others, shuffled) and cell baselines.
/// </summary>
internal static class LincsFileWriter
{
    public static void WriteGeneInfo(string path, SyntheticWorld world)
    {
        var landmarks = world.Landmarks.ToHashSet();
        using var writer = new TableWriter(path, '\t');
        writer.Row("pr_gene_id", "pr_gene_symbol", "pr_gene_title", "pr_is_lm", "pr_is_bing");
        foreach (var g in world.Landmarks.Concat(Enumerable.Range(0, world.GeneCount).Where(g => !landmarks.Contains(g))))
        {
            var isLandmark = landmarks.Contains(g) ? "1" : "0";
            writer.Row(SyntheticNames.Entrez(g), SyntheticNames.GeneSymbol(g), $"synthetic gene {g}", isLandmark, isLandmark);
        }
    }

    public static void WritePertInfo(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, '\t');
        writer.Row("pert_id", "pert_iname", "pert_type", "canonical_smiles", "inchi_key");
        for (var i = 0; i < world.Compounds.Count; i++)
        {
            var compound = world.Compounds[i];
            var key = SyntheticNames.InChIKeyLike(compound.Drug.Smiles);
            writer.Row(compound.PertId, compound.LincsName, "trt_cp", compound.Drug.Smiles, i % 2 == 0 ? key : "InChIKey=" + key);
        }

        writer.Row("DMSO", "DMSO", "ctl_vehicle", "CS(=O)C", "-666");
    }

    public static void WriteDrugXref(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, '\t');
        writer.Row("drugbank_id", "name", "lincs_pert_ids");
        foreach (var compound in world.Compounds.Where(c => c.Route == JoinRoute.DrugBank))
        {
            writer.Row(SyntheticNames.DrugBankId(compound.Drug.Index), compound.Drug.Name, compound.PertId);
        }
    }

    public static void WriteCellInfo(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, '\t');
        writer.Row("cell_id", "cell_type", "cell_lineage", "primary_site");
        foreach (var cell in world.Cells)
        {
            writer.Row(cell.Id, "cell line", cell.Lineage, "synthetic");
        }
    }

    public static void WriteSigInfo(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, '\t');
        writer.Row("sig_id", "pert_id", "pert_iname", "pert_type", "cell_id", "pert_idose", "pert_itime");
        foreach (var s in world.Signatures)
        {
            writer.Row(s.Id, s.Compound?.PertId ?? "DMSO", s.Compound?.LincsName ?? "DMSO", s.Compound is null ? "ctl_vehicle" : "trt_cp",
                s.Cell.Id, s.Compound is null ? "-666" : "10 µM", "24 h");
        }
    }

    public static void WriteGct(string path, SyntheticWorld world, DeterministicRandom random)
    {
        var landmarkSet = world.Landmarks.ToHashSet();
        var extra = Enumerable.Range(0, world.GeneCount).Where(g => !landmarkSet.Contains(g)).Take(22).ToList();
        var rows = world.Landmarks.Select((g, position) => (Gene: g, Position: position)).Concat(extra.Select(g => (Gene: g, Position: -1))).ToList();
        random.Shuffle(rows);
        var signatures = world.Signatures;
        using var writer = new TableWriter(path, '\t');
        writer.Raw("#1.3");
        writer.Raw(string.Join('\t', rows.Count, signatures.Count, 3, 5));
        writer.Raw(string.Join('\t', new[] { "id", "pr_gene_id", "pr_gene_symbol", "pr_is_lm" }.Concat(signatures.Select(s => s.Id))));
        void Meta(string name, Func<SyntheticSignature, string> value) =>
            writer.Raw(string.Join('\t', new[] { name, "na", "na", "na" }.Concat(signatures.Select(value))));
        Meta("cell_id", s => s.Cell.Id);
        Meta("pert_id", s => s.Compound?.PertId ?? "DMSO");
        Meta("pert_idose", s => s.Compound is null ? "-666" : "10 µM");
        Meta("pert_itime", _ => "24 h");
        Meta("pert_type", s => s.Compound is null ? "ctl_vehicle" : "trt_cp");
        foreach (var (gene, position) in rows)
        {
            var line = new System.Text.StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"{gene}_at\t{SyntheticNames.Entrez(gene)}\t{SyntheticNames.GeneSymbol(gene)}\t{(position >= 0 ? 1 : 0)}");
            foreach (var signature in signatures)
            {
                var value = position >= 0 ? signature.Values[position] : (float)random.NextGaussian();
                line.Append('\t').Append(TableWriter.Number(value));
            }

            writer.Raw(line.ToString());
        }
    }

    public static void WriteBaselines(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, '\t');
        writer.Row(["cell_id", .. world.Landmarks.Select(SyntheticNames.Entrez)]);
        foreach (var cell in world.Cells)
        {
            writer.Row([cell.Id, .. cell.Baseline.Select(v => TableWriter.Number(v))]);
        }
    }
}
