using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.Admin.Server;

/// <summary>How <c>perturbkg serve</c> runs: where it listens, which store its forms default to, its jobs, and its admin token.</summary>
internal sealed record ServerOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The store the pages and API use when a request names none.</summary>
    public required StoreLocation Store { get; init; }

    public required JobsOptions Jobs { get; init; }

    /// <summary>More stores requests may pick by name (besides "default", the <see cref="Store"/>).</summary>
    public IReadOnlyDictionary<string, StoreLocation> ExtraStores { get; init; } = new Dictionary<string, StoreLocation>();

    /// <summary>Folders (resolved real paths) whose files requests may ingest; none: requests ingest nothing.</summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>The token every state-changing request must carry; null only outside production.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Production or Development (ASP.NET Core's environment names).</summary>
    public string Environment { get; init; } = "Production";

    public bool IsProduction => string.Equals(Environment, "Production", StringComparison.OrdinalIgnoreCase);
}
