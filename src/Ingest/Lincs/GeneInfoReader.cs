using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// Reads a LINCS gene table: GSE92742 <c>gene_info</c> (pr_gene_id, pr_gene_symbol, pr_is_lm), the 2020 beta
/// <c>geneinfo_beta</c> (gene_id, gene_symbol, feature_space), clue.io exports (pr_id, is_lm, pr_pool_id), or a plain
/// gene list (gene_id, gene_symbol, pr_is_lm). Returns the landmark genes with all their names.
/// </summary>
public static class GeneInfoReader
{
    public static LandmarkGeneSet Read(InputFile file)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var entrez = header.Require("Entrez gene id", "pr_gene_id", "gene_id", "entrez_id", "entrez", "geneid");
        var symbol = header.Require("gene symbol", "pr_gene_symbol", "gene_symbol", "symbol");
        var current = header.Find("current_symbol");
        var probe = header.Find("pr_id", "probe_id", "rid");
        var position = header.Find("position");
        var rule = LandmarkRule.For(header);

        var rows = new List<(double Order, string Entrez, string Symbol)>();
        var names = new List<(string Entrez, string Name, bool IsProbe)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            RowWidth.Require(reader, header);

            var id = reader.GetString(entrez).Trim();
            if (id.Length == 0 || id.Contains("///", StringComparison.Ordinal))
            {
                continue; // multi-gene or unannotated probes are never landmarks
            }

            var name = reader.GetString(symbol).Trim();
            names.Add((id, name, false));
            if (current is { } c)
            {
                names.Add((id, reader.GetString(c).Trim(), false));
            }

            if (probe is { } p)
            {
                names.Add((id, reader.GetString(p).Trim(), true));
            }

            if (rule.IsLandmark(reader) && seen.Add(id))
            {
                var order = position is { } o && reader.TryGetDouble(o, out var v) ? v : rows.Count;
                rows.Add((order, id, name));
            }
        }

        if (rows.Count != LandmarkGeneSet.L1000Size)
        {
            throw new InvalidInputException(file.Path, 0,
                $"{rule.Description} marks {rows.Count} genes as landmarks; the L1000 assay has {LandmarkGeneSet.L1000Size}");
        }

        var set = new LandmarkGeneSet(rows.OrderBy(r => r.Order).Select(r => (r.Entrez, r.Symbol)));
        foreach (var (id, name, isProbe) in names)
        {
            if (isProbe)
            {
                set.AddProbe(id, name);
            }
            else
            {
                set.AddSymbol(id, name);
            }
        }

        return set;
    }

    // Which rows are landmarks, by the strongest signal the table has.
    private sealed record LandmarkRule(string Description, Func<DelimitedReader, bool> IsLandmark)
    {
        public static LandmarkRule For(HeaderMap header)
        {
            if (header.Find("feature_space") is { } space)
            {
                return new("feature_space = landmark", r => r.GetString(space).Trim().Equals("landmark", StringComparison.OrdinalIgnoreCase));
            }

            // clue.io exports mark 1,171 probes is_lm; the 978 measured landmarks are the epsilon-pool probes.
            if (header.Find("pr_pool_id") is { } pool)
            {
                return new("pr_pool_id containing 'epsilon'", r => r.GetString(pool).Contains("epsilon", StringComparison.OrdinalIgnoreCase));
            }

            if (header.Find("pr_is_lm", "is_lm", "is_landmark", "landmark") is { } flag)
            {
                return new($"{header.Names[flag]} = 1/true", r => IsTrue(r.GetString(flag)));
            }

            // A plain gene list (no flag column) is taken as the landmark list itself.
            return new("a gene list without a landmark flag (every row)", _ => true);
        }

        private static bool IsTrue(string value) =>
            value.Trim() is "1" or "1.0" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ||
            value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
    }
}
