using PerturbKG.Model;
using System.Globalization;
using System.Text;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Writes PrimeKG++-style node files: drug, protein and disease attributes, a structure-derived drug embedding (one
/// packed column) and a module-informed protein embedding (one column per dimension).
/// </summary>
internal static class NodeFileWriter
{
    public const int DrugEmbeddingSize = 64;
    public const int ProteinEmbeddingSize = 32;
    private const string AminoAcids = "ACDEFGHIKLMNPQRSTVWY";

    public static void WriteDrugs(string path, SyntheticWorld world, DeterministicRandom random)
    {
        var first = KgFileWriter.FirstIndex(world.Profile)["drug"];
        var byInChIKey = world.Compounds.Where(c => c.Route == JoinRoute.InChIKey).Select(c => c.Drug.Index).ToHashSet();
        var inLincs = world.Compounds.Select(c => c.Drug.Index).ToHashSet();
        using var writer = new TableWriter(path, ',');
        writer.Row("node_index", "name", "smiles", "inchikey", "description");
        foreach (var drug in world.Drugs)
        {
            // The key is given for drugs LINCS can be joined on by InChIKey, and for some drugs LINCS never measured.
            var key = byInChIKey.Contains(drug.Index) || (!inLincs.Contains(drug.Index) && random.Chance(0.3))
                ? SyntheticNames.InChIKeyLike(drug.Smiles)
                : string.Empty;
            writer.Row((first + drug.Index).ToString(CultureInfo.InvariantCulture), drug.Name, drug.Smiles, key,
                $"Synthetic small molecule on scaffold {drug.ScaffoldKey}.");
        }
    }

    public static void WriteProteins(string path, SyntheticWorld world, DeterministicRandom random)
    {
        using var writer = new TableWriter(path, ',');
        writer.Row("node_id", "name", "sequence", "summary");
        var sequence = new StringBuilder();
        for (var g = 0; g < world.GeneCount; g++)
        {
            sequence.Clear().Append('M');
            var length = 40 + random.Next(80);
            for (var i = 0; i < length; i++)
            {
                sequence.Append(AminoAcids[random.Next(AminoAcids.Length)]);
            }

            writer.Row(SyntheticNames.Entrez(g), SyntheticNames.GeneSymbol(g), sequence.ToString(),
                $"Synthetic protein of PPI module {world.GeneModule[g]}.");
        }
    }

    public static void WriteDiseases(string path, SyntheticWorld world)
    {
        var first = KgFileWriter.FirstIndex(world.Profile)["disease"];
        using var writer = new TableWriter(path, ',');
        writer.Row("node_index", "name", "definition");
        for (var i = 0; i < world.Profile.Nodes["disease"]; i++)
        {
            writer.Row((first + i).ToString(CultureInfo.InvariantCulture), KgFileWriter.NodeName(world, "disease", i),
                "A synthetic disease, defined for testing, without clinical meaning.");
        }
    }

    /// <summary>Drug vectors from the SMILES' character trigrams: drugs sharing a scaffold get similar vectors.</summary>
    public static void WriteDrugEmbeddings(string path, SyntheticWorld world)
    {
        using var writer = new TableWriter(path, ',');
        writer.Row("node_id", "embedding");
        foreach (var drug in world.Drugs)
        {
            var vector = new double[DrugEmbeddingSize];
            for (var i = 0; i + 3 <= drug.Smiles.Length; i++)
            {
                var trigram = new DeterministicRandom((ulong)drug.Smiles.Substring(i, 3).Aggregate(17L, (h, c) => (h * 31) + c));
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] += trigram.NextGaussian();
                }
            }

            var norm = Math.Sqrt(vector.Sum(v => v * v)) + 1e-9;
            writer.Row(SyntheticNames.DrugBankId(drug.Index), string.Join(' ', vector.Select(v => TableWriter.Number(v / norm))));
        }
    }

    /// <summary>Protein vectors near their module's centroid: informative about the module, not the exact protein.</summary>
    public static void WriteProteinEmbeddings(string path, SyntheticWorld world, DeterministicRandom random)
    {
        var centroids = Enumerable.Range(0, world.ModuleCount)
            .Select(_ => Enumerable.Range(0, ProteinEmbeddingSize).Select(_ => random.NextGaussian()).ToArray()).ToArray();
        using var writer = new TableWriter(path, ',');
        writer.Row(["node_id", .. Enumerable.Range(0, ProteinEmbeddingSize).Select(d => $"e{d}")]);
        for (var g = 0; g < world.GeneCount; g++)
        {
            var centroid = centroids[world.GeneModule[g]];
            writer.Row([SyntheticNames.Entrez(g), .. centroid.Select(c => TableWriter.Number((0.8 * c) + (0.6 * random.NextGaussian())))]);
        }
    }
}
