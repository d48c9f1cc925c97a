using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Features;

/// <summary>Which column of a per-node file holds the node key, and whether it is a PrimeKG node index.</summary>
public sealed record FeatureKeyColumn(int Column, bool IsPrimeKgIndex)
{
    private static readonly string[] IndexNames = ["node_index", "x_index", "primekg_index", "index"];
    private static readonly string[] KeyNames =
        ["node_id", "id", "key", "x_id", "drugbank_id", "drug_id", "entrez_id", "gene_id", "ncbi_id", "protein_id", "disease_id", "mondo_id", "name", "node_name"];

    public static FeatureKeyColumn Find(HeaderMap header)
    {
        if (header.Find(IndexNames) is { } index)
        {
            return new FeatureKeyColumn(index, true);
        }

        return header.Find(KeyNames) is { } key
            ? new FeatureKeyColumn(key, false)
            : new FeatureKeyColumn(0, false); // by convention, the first column is the key
    }
}
