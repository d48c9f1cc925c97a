namespace PerturbKG.Jobs.Runs;

/// <summary>The work behind one kind of run. Returns the run's result, stored as JSON.</summary>
public interface IRunWork
{
    /// <summary>The run kinds this work executes.</summary>
    IReadOnlyList<string> Kinds { get; }

    Task<object?> RunAsync(JobRun run, RunReporter reporter, CancellationToken ct);
}
