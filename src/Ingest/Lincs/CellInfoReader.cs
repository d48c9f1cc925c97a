using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs;

/// <summary>Reads cell line tables (GSE92742 cell_info, clue.io cellinfo, beta cellinfo_beta): id → non-empty attributes.</summary>
public static class CellInfoReader
{
    public static Dictionary<string, IReadOnlyDictionary<string, string>> Read(InputFile file)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var id = header.Require("cell id", "cell_id", "cell_iname", "cell_line", "cell");
        var cells = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            RowWidth.Require(reader, header);

            var cell = LincsText.Clean(reader.GetString(id));
            if (cell is null)
            {
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                if (i != id && LincsText.Clean(reader.GetString(i)) is { } value)
                {
                    attributes[header.Names[i].Trim().ToLowerInvariant()] = value;
                }
            }

            cells.TryAdd(cell, attributes);
        }

        return cells;
    }
}
