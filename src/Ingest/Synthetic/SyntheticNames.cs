using PerturbKG.Model;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>Made-up but well-formed identifiers: drug names, gene symbols, DrugBank/BRD ids, InChIKey-shaped keys.</summary>
public static class SyntheticNames
{
    private static readonly string[] Starts = ["ab", "ben", "cor", "dal", "ela", "fen", "gal", "hex", "imi", "ker", "lor", "mel", "nor", "oxa", "pra", "quin", "ros", "sul", "tel", "val", "zan", "bri", "cla", "dro"];
    private static readonly string[] Middles = ["a", "e", "i", "o", "u", "ra", "lo", "ti", "mi", "ne", "do", "sa"];
    private static readonly string[] Ends = ["nib", "zole", "pril", "statin", "olol", "pine", "vir", "cillin", "fenac", "tide", "sartan", "dronate", "azepam", "oxacin", "setron", "triptan", "mide", "lukast"];

    public static string DrugName(DeterministicRandom random, ISet<string> taken)
    {
        while (true)
        {
            var name = random.Pick(Starts) + random.Pick(Middles) + random.Pick(Middles) + random.Pick(Ends);
            name = char.ToUpperInvariant(name[0]) + name[1..];
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    public static string DrugBankId(int index) => "DB" + (90_000 + index).ToString("D5", CultureInfo.InvariantCulture);

    public static string BroadId(int index) => $"BRD-K{(10_000_000 + index).ToString(CultureInfo.InvariantCulture)}";

    public static string Entrez(int geneIndex) => (900_000 + geneIndex).ToString(CultureInfo.InvariantCulture);

    public static string GeneSymbol(int geneIndex) => "SYN" + geneIndex.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>A 27-character key in InChIKey's shape, derived from the SMILES (not a real InChIKey).</summary>
    public static string InChIKeyLike(string smiles)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(smiles));
        var letters = new StringBuilder(27);
        for (var i = 0; i < 24; i++)
        {
            letters.Append((char)('A' + (hash[i] % 26)));
        }

        return $"{letters.ToString(0, 14)}-{letters.ToString(14, 8)}SA-N";
    }
}
