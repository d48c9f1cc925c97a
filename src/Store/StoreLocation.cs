namespace PerturbKG.Store;

/// <summary>A parsed <c>--store</c> value: <c>sqlite:PATH</c> or <c>bolt://host:port</c> / <c>neo4j://host:port</c>.</summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>Parses a store argument; a bare path ending in .db or .sqlite is taken as SQLite.</summary>
    public static StoreLocation Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new FormatException("The store 'sqlite:' needs a file path, e.g. sqlite:perturbkg.db.");
            }

            return new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(path));
        }

        foreach (var scheme in new[] { "bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://" })
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return new StoreLocation(StoreKind.Neo4j, value);
            }
        }

        if (value.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ||
            value.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(value));
        }

        throw new FormatException(
            $"Unknown store '{value}'. Use sqlite:PATH for the embedded store or bolt://HOST:7687 for Neo4j.");
    }

    public override string ToString() => Kind == StoreKind.Sqlite ? $"sqlite:{Target}" : Target;
}

/// <summary>The store implementations.</summary>
public enum StoreKind
{
    Sqlite,
    Neo4j,
}
