using System.Collections.Concurrent;

namespace PerturbKG.Jobs.Runs;

/// <summary>The runs executing in this process, so a cancel request or a shutdown reaches them at once.</summary>
public sealed class RunningRuns
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new();

    internal Entry Add(string runId, CancellationToken hostToken)
    {
        var entry = new Entry(CancellationTokenSource.CreateLinkedTokenSource(hostToken));
        _runs[runId] = entry;
        return entry;
    }

    internal void Remove(string runId)
    {
        if (_runs.TryRemove(runId, out var entry))
        {
            entry.Source.Dispose();
        }
    }

    /// <summary>Cancels a run executing here; false when it is not executing in this process.</summary>
    public bool Cancel(string runId, string reason)
    {
        if (!_runs.TryGetValue(runId, out var entry))
        {
            return false;
        }

        entry.Reason ??= reason;
        entry.Source.Cancel();
        return true;
    }

    public IReadOnlyList<string> Ids => _runs.Keys.ToList();

    internal sealed class Entry(CancellationTokenSource source)
    {
        public CancellationTokenSource Source { get; } = source;

        /// <summary>Why it was cancelled: a user's request, or the host stopping.</summary>
        public string? Reason { get; set; }
    }
}
