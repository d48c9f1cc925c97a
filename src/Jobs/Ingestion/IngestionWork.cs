using System.Text.Json;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Runs;
using PerturbKG.Store;

namespace PerturbKG.Jobs.Ingestion;

/// <summary>Ingestion and scheduled re-ingestion as background runs: the run's parameters are the ingest options.</summary>
public sealed class IngestionWork(IGraphStoreFactory stores, DatasetIngestion ingestion, RunCache cache, PerturbKG.Jobs.Scheduling.JobsOptions jobs) : IRunWork
{
    public IReadOnlyList<string> Kinds { get; } = [RunKinds.Ingest, RunKinds.Reingest];

    public async Task<object?> RunAsync(JobRun run, RunReporter reporter, CancellationToken ct)
    {
        var options = JsonSerializer.Deserialize<IngestOptions>(run.Parameters, RunExecutor.Json)
            ?? throw new InvalidOperationException($"Run {run.Id} has no ingest options.");
        // Every rejected row goes into the run's folder (the report keeps the first 200).
        options = options with { RejectsFile = Path.Combine(Path.GetFullPath(jobs.DataDirectory), "runs", run.Id, "rejects.tsv") };
        reporter.Log($"Ingesting dataset '{options.Dataset}' ({options.Files().Count()} files) into {run.Store}");
        await using var store = await stores.OpenAsync(StoreLocation.Parse(run.Store), ct);
        var report = await ingestion.RunAsync(store, options, new Reporter(reporter), ct);
        cache.ForgetStore(store.Location.ToString());
        return new IngestionResult(report.Dataset, report.Seconds, report.Files.Count, report.Graph?.NodesByType.Values.Sum() ?? 0,
            report.Graph?.Edges ?? 0, report.Signatures?.Stored ?? 0, report.RejectedByKind.Values.Sum(), report.RejectsFile);
    }

    // Stages are reported in order; each moves the bar within its own share.
    private sealed class Reporter(RunReporter reporter) : IProgress<IngestProgress>
    {
        private string? _stage;

        public void Report(IngestProgress value)
        {
            if (value.Stage != _stage)
            {
                _stage = value.Stage;
                reporter.Log($"stage: {value.Stage}");
            }

            var fraction = value.Total > 0 ? value.Done / value.Total : 0;
            reporter.Report(Math.Min(99, fraction * 100), value.Stage);
        }
    }
}

/// <summary>What an ingestion run stored, as the registry keeps it.</summary>
public sealed record IngestionResult(string Dataset, double Seconds, int Files, long Nodes, long Edges, long Signatures, int Rejected, string? RejectsFile);
