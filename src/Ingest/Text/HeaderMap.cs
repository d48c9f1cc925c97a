namespace PerturbKG.Ingest.Text;

/// <summary>Column positions by name (case-insensitive), accepting the aliases real files use.</summary>
public sealed class HeaderMap
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public HeaderMap(IReadOnlyList<string> names, string file)
    {
        Names = names;
        File = file;
        for (var i = 0; i < names.Count; i++)
        {
            _index.TryAdd(names[i].Trim(), i);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public string File { get; }

    public int Count => Names.Count;

    /// <summary>Reads the header row of a reader.</summary>
    public static HeaderMap Read(DelimitedReader reader)
    {
        if (!reader.ReadRow())
        {
            throw new InvalidInputException(reader.FileName, 1, "the file is empty (a header row was expected)");
        }

        return new HeaderMap(reader.GetAll(), reader.FileName);
    }

    /// <summary>The first of the aliases present, or null.</summary>
    public int? Find(params string[] aliases)
    {
        foreach (var alias in aliases)
        {
            if (_index.TryGetValue(alias, out var i))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The first of the aliases present, or an error naming the file and what was expected.</summary>
    public int Require(string what, params string[] aliases) =>
        Find(aliases) ?? throw new InvalidInputException(
            File, 1, $"no {what} column: expected one of {string.Join(", ", aliases)}; found {string.Join(", ", Names.Take(12))}{(Names.Count > 12 ? ", ..." : string.Empty)}");
}
