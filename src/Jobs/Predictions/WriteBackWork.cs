using System.Text.Json;
using PerturbKG.Jobs.Runs;
using PerturbKG.Store;

namespace PerturbKG.Jobs.Predictions;

/// <summary>Writing a trained run's predictions and explanation paths back into the store, as a background run.</summary>
public sealed class WriteBackWork(IGraphStoreFactory stores, RunCache cache) : IRunWork
{
    public IReadOnlyList<string> Kinds { get; } = [RunKinds.WriteBack];

    public async Task<object?> RunAsync(JobRun run, RunReporter reporter, CancellationToken ct)
    {
        var parameters = JsonSerializer.Deserialize<WriteBackParameters>(run.Parameters, RunExecutor.Json)
            ?? throw new InvalidOperationException($"Run {run.Id} has no write-back parameters.");
        reporter.Log($"Writing back predictions of run {parameters.Run}");
        reporter.Report(5, "loading the trained run");
        await using var store = await stores.OpenAsync(StoreLocation.Parse(run.Store), ct);
        var trained = await cache.GetAsync(store, parameters.Run, ct);
        reporter.Report(20, "predicting and explaining");
        return await WriteBack.RunAsync(store, trained, parameters.Options, ct);
    }
}

/// <summary>A write-back run's parameters: which trained run, and how much to write.</summary>
public sealed record WriteBackParameters(string Run, WriteBackOptions Options);
