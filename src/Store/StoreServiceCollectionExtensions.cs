using Microsoft.Extensions.DependencyInjection;
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
    IGraphStore Open(StoreLocation location);
}

internal sealed class GraphStoreFactory : IGraphStoreFactory
{
    public IGraphStore Open(StoreLocation location) => location.Kind switch
    {
        StoreKind.Sqlite => SqliteGraphStore.Open(location.Target),
        _ => throw new NotSupportedException(
            $"The {location.Kind} store is not part of this build yet; use sqlite:PATH."),
    };
}
