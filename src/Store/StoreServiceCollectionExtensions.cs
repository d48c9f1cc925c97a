using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Store.Neo4j;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.Store;

/// <summary>Wires the graph store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IGraphStoreFactory"/>, which opens the store a <c>--store</c> value names.</summary>
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddSingleton<IGraphStoreFactory, GraphStoreFactory>();
        return services;
    }
}

/// <summary>Opens a graph store from its location.</summary>
public interface IGraphStoreFactory
{
    /// <summary>Opens (and for Neo4j connects to) a store, creating its schema when missing.</summary>
    Task<IGraphStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken);
}

internal sealed class GraphStoreFactory : IGraphStoreFactory
{
    // The schema statements are idempotent but cost a round trip each: once per Neo4j server per process is enough.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _schemaApplied = new(StringComparer.Ordinal);

    public async Task<IGraphStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        switch (location.Kind)
        {
            case StoreKind.Sqlite:
                return SqliteGraphStore.Open(location.Target);
            case StoreKind.Neo4j:
                var store = await Neo4jGraphStore.OpenAsync(location, cancellationToken, applySchema: !_schemaApplied.ContainsKey(location.Target));
                _schemaApplied[location.Target] = true;
                return store;
            default:
                throw new NotSupportedException($"There is no {location.Kind} store.");
        }
    }
}
