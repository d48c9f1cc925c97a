using System.Text.Json;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// A training run in the background: the run's parameters are its training options; its folder is
/// DataDirectory/runs/RUN-ID, so the predictions it writes back are named after the run id.
/// </summary>
public sealed class TrainingWork(IGraphStoreFactory stores, TrainingRun training, RunRegistry registry, JobsOptions jobs) : IRunWork
{
    public IReadOnlyList<string> Kinds { get; } = [RunKinds.Train];

    public async Task<object?> RunAsync(JobRun run, RunReporter reporter, CancellationToken ct)
    {
        var options = JsonSerializer.Deserialize<TrainingRunOptions>(run.Parameters, RunExecutor.Json)
            ?? throw new InvalidOperationException($"Run {run.Id} has no training options.");
        options = options with { OutputDirectory = Path.Combine(Path.GetFullPath(jobs.DataDirectory), "runs", run.Id) };
        await registry.SetOutputDirectoryAsync(run.Id, options.OutputDirectory, ct);
        reporter.Log($"Training {string.Join(", ", options.Models)} (+ {string.Join(", ", options.Ablations.DefaultIfEmpty("no ablations"))}) on a {options.Split} split, {options.Seeds} seed(s), into {options.OutputDirectory}");
        await using var store = await stores.OpenAsync(StoreLocation.Parse(run.Store), ct);
        var result = await training.RunAsync(store, options, new Reporter(reporter, options), ct);
        return new TrainingRunOutcome(result.Summary, result.WriteBack?.Effects, result.WriteBack?.Paths);
    }

    // Each (seed, model) stage is an equal share of the bar; within a stage, epochs move it.
    private sealed class Reporter(RunReporter reporter, TrainingRunOptions options) : IProgress<TrainingProgress>
    {
        private readonly int _stages = options.Seeds * (options.Models.Count + options.Ablations.Count) + (options.WriteBack is null ? 0 : 1);
        private readonly List<string> _seen = [];

        public void Report(TrainingProgress value)
        {
            if (!_seen.Contains(value.Stage))
            {
                _seen.Add(value.Stage);
            }

            var done = _seen.Count - 1 + (value.MaxEpochs > 0 ? (double)value.Epoch / value.MaxEpochs : 0);
            var loss = value.ValidationLoss is { } l ? $", validation loss {l:F4}" : "";
            reporter.Report(Math.Min(99, 100 * done / Math.Max(1, _stages)), $"{value.Stage}: epoch {value.Epoch}/{value.MaxEpochs}{loss}");
        }
    }
}

/// <summary>What a training run leaves in the registry: the comparison summary and what it wrote back.</summary>
public sealed record TrainingRunOutcome(RunSummary Summary, int? Effects, int? Paths);
