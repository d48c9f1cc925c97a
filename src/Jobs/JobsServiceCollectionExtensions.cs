using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Jobs.Training;

namespace PerturbKG.Jobs;

/// <summary>Wires the work the product runs: training runs (and, later, their scheduling).</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<TrainingRun>();
        services.AddSingleton<Predictions.RunCache>();
        return services;
    }
}
