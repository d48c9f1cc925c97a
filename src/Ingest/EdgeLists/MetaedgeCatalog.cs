using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.EdgeLists;

/// <summary>
/// Hetionet-style metaedge codes (CbG, Gr>G, ...) and the relation each names. Codes with '&gt;' or '&lt;' are
/// directed; the rest are symmetric.
/// </summary>
public sealed class MetaedgeCatalog
{
    private readonly Dictionary<string, (string Name, string Display)> _codes = new(StringComparer.Ordinal);

    public static MetaedgeCatalog Empty { get; } = new();

    /// <summary>Reads a metaedges table with columns <c>metaedge</c> ("Compound - binds - Gene") and <c>abbreviation</c>.</summary>
    public static MetaedgeCatalog Read(InputFile file)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var full = header.Require("metaedge", "metaedge", "name", "relation");
        var code = header.Require("abbreviation", "abbreviation", "code", "abbrev");
        var catalog = new MetaedgeCatalog();
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            RowWidth.Require(reader, header);

            var parts = reader.GetString(full).Split([" - ", " > ", " < "], StringSplitOptions.TrimEntries);
            var verb = parts.Length == 3 ? parts[1] : reader.GetString(full);
            var name = string.Join('_', parts.Select(p => p.ToLowerInvariant().Replace(' ', '_')));
            catalog._codes[reader.GetString(code)] = (name, verb);
        }

        return catalog;
    }

    /// <summary>The relation name and display text for a code (the code itself when the catalog does not know it).</summary>
    public (string Name, string Display, bool Directed) Describe(string code)
    {
        var directed = code.Contains('>', StringComparison.Ordinal) || code.Contains('<', StringComparison.Ordinal);
        return _codes.TryGetValue(code, out var known) ? (known.Name, known.Display, directed) : (code, code, directed);
    }
}
