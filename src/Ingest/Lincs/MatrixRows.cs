using System.Globalization;

namespace PerturbKG.Ingest.Lincs;

/// <summary>Maps a GCT/GCTX row (a probe or gene) to a landmark position, from its id and row metadata.</summary>
internal static class MatrixRows
{
    private static readonly string[] EntrezFields = ["pr_gene_id", "gene_id", "entrez_id", "entrez"];
    private static readonly string[] SymbolFields = ["pr_gene_symbol", "gene_symbol", "symbol"];

    /// <summary>The row's landmark position, or -1 when the row is not a landmark gene.</summary>
    public static int Position(LandmarkGeneSet landmarks, string rowId, Func<string, string?> meta)
    {
        foreach (var field in EntrezFields)
        {
            if (meta(field) is { Length: > 0 } entrez && landmarks.TryFindEntrez(entrez, out var p))
            {
                return p;
            }
        }

        if (landmarks.TryResolve(rowId, out var byId))
        {
            return byId;
        }

        foreach (var field in SymbolFields)
        {
            if (meta(field) is { Length: > 0 } symbol && landmarks.TryFindSymbol(symbol, out var p))
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>The Entrez id and symbol a row describes, for deriving a landmark set from a matrix file.</summary>
    public static (string? Entrez, string? Symbol, bool? IsLandmark) Describe(string rowId, Func<string, string?> meta)
    {
        var entrez = EntrezFields.Select(meta).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        if (entrez is null && long.TryParse(rowId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            entrez = rowId;
        }

        var symbol = SymbolFields.Select(meta).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        var flag = meta("pr_is_lm") ?? meta("is_lm");
        bool? isLandmark = flag is null ? null : flag.Trim() is "1" or "1.0" || flag.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        return (entrez, symbol, isLandmark);
    }
}
