namespace PerturbKG.Store.Predictions;

/// <summary>
/// The named queries over predicted effects: the same names, parameters and result columns on every store. The
/// Cypher of each is <c>cypher/NAME.cypher</c>; the embedded store's SQL is <c>src/Store/Sqlite/Queries/NAME.sql</c>.
/// Drugs, cell lines and genes are named by key (DrugBank id, cell id, Entrez id) or name/symbol; <c>run</c> defaults
/// to the current run.
/// </summary>
public static class NamedQueries
{
    public static readonly IReadOnlyList<NamedQuery> All =
    [
        new("top-genes", "Top predicted genes for a drug in a cell line, by |delta|.",
            [new("drug"), new("cell"), new("run", false), new("limit", false, "20")],
            ["rank", "gene", "symbol", "delta", "zscore"]),
        new("drugs-for-gene", "Drugs predicted to up- or down-regulate a gene in a cell line, strongest first.",
            [new("gene"), new("cell"), new("direction", false, "up"), new("run", false), new("limit", false, "20")],
            ["drug", "name", "delta", "zscore", "rank"]),
        new("similar-drugs", "Drugs whose predicted profiles (over the written top genes, all cell lines or one) are most similar to a drug's, by cosine.",
            [new("drug"), new("cell", false), new("run", false), new("limit", false, "10")],
            ["drug", "name", "cosine", "shared"]),
        new("explain", "Attention paths from a drug to a gene that explain a predicted effect in a cell line.",
            [new("drug"), new("cell"), new("gene"), new("run", false)],
            ["rank", "score", "path"]),
        new("predicted-vs-observed", "A signature's observed delta next to the prediction for its (drug, cell line), on the written genes.",
            [new("signature"), new("run", false)],
            ["gene", "symbol", "predicted", "observed", "rank"]),
    ];

    public static NamedQuery Get(string name) =>
        All.FirstOrDefault(q => q.Name == name)
        ?? throw new NotFoundException("named query", name, All.Select(q => q.Name).Where(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase)).DefaultIfEmpty(string.Join(", ", All.Select(q => q.Name))).ToList());
}

/// <summary>A named query: what it answers, its parameters and its result columns.</summary>
public sealed record NamedQuery(string Name, string Description, IReadOnlyList<QueryParameter> Parameters, IReadOnlyList<string> Columns)
{
    /// <summary>The given parameters with defaults filled in; unknown or missing ones are an <see cref="ArgumentException"/>.</summary>
    public IReadOnlyDictionary<string, string> Bind(IReadOnlyDictionary<string, string> given)
    {
        var unknown = given.Keys.Where(k => Parameters.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Query '{Name}' has no parameter {string.Join(", ", unknown)}; it takes {string.Join(", ", Parameters.Select(p => p.Name))}.");
        }

        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            if (given.TryGetValue(p.Name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                bound[p.Name] = value.Trim();
            }
            else if (p.Required)
            {
                throw new ArgumentException($"Query '{Name}' needs --param {p.Name}=...");
            }
            else if (p.Default is not null)
            {
                bound[p.Name] = p.Default;
            }
        }

        if (bound.TryGetValue("limit", out var limit) && (!int.TryParse(limit, out var n) || n is < 1 or > 10_000))
        {
            throw new ArgumentException($"limit must be a whole number from 1 to 10000, not '{limit}'.");
        }

        if (bound.TryGetValue("direction", out var direction) && direction is not ("up" or "down"))
        {
            throw new ArgumentException($"direction must be up or down, not '{direction}'.");
        }

        return bound;
    }
}

public sealed record QueryParameter(string Name, bool Required = true, string? Default = null);

/// <summary>A named query's answer: column names and rows of plain values (string, long, double).</summary>
public sealed record QueryResult(string Query, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
