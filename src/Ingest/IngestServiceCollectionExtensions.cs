using Microsoft.Extensions.DependencyInjection;

namespace PerturbKG.Ingest;

/// <summary>Wires ingestion.</summary>
public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<DatasetIngestion>();
        return services;
    }
}
