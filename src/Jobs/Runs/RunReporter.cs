namespace PerturbKG.Jobs.Runs;

/// <summary>
/// What a running job tells the registry: progress, stage and the last log lines. The executor flushes it
/// periodically (the heartbeat); work code only calls <see cref="Report"/> and <see cref="Log"/>.
/// </summary>
public sealed class RunReporter(string runId, string earlierLog = "")
{
    public const int TailLines = 200;

    private readonly Lock _lock = new();

    // An earlier attempt's lines (and why it ended) stay at the top of the tail.
    private readonly Queue<string> _tail = new(earlierLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(TailLines));
    private double _progress;
    private string? _stage;

    public string RunId => runId;

    /// <summary>Progress from 0 to 100 and a short description of the current stage.</summary>
    public void Report(double progress, string? stage)
    {
        lock (_lock)
        {
            _progress = Math.Clamp(progress, 0, 100);
            _stage = stage;
        }
    }

    public void Log(string line)
    {
        lock (_lock)
        {
            _tail.Enqueue($"{DateTime.UtcNow:HH:mm:ss} {line}");
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    public (double Progress, string? Stage, string Tail) Snapshot()
    {
        lock (_lock)
        {
            return (_progress, _stage, string.Join('\n', _tail));
        }
    }

    /// <summary>The reporter of the run executing on this async flow, for the log capture.</summary>
    public static RunReporter? Current
    {
        get => CurrentReporter.Value;
        set => CurrentReporter.Value = value;
    }

    private static readonly AsyncLocal<RunReporter?> CurrentReporter = new();
}
