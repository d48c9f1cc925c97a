using PerturbKG.Store;

namespace PerturbKG.Jobs.Predictions;

/// <summary>
/// Loaded runs kept in memory by (store, run), so a server answers predictions without reloading the graph and the
/// checkpoint; one load at a time per key. Runs with an added drug are never cached.
/// </summary>
public sealed class RunCache
{
    private readonly Dictionary<(string Store, string Run), Task<TrainedRun>> _runs = [];
    private readonly Lock _lock = new();

    public Task<TrainedRun> GetAsync(IGraphStore store, string run, CancellationToken ct)
    {
        var key = (store.Location.ToString(), run);
        lock (_lock)
        {
            if (_runs.TryGetValue(key, out var loaded) && !loaded.IsFaulted && !loaded.IsCanceled)
            {
                return loaded;
            }

            return _runs[key] = LoadAsync(store, run, ct);
        }
    }

    /// <summary>Forgets a run (after it was retrained or its store re-ingested).</summary>
    public void Forget(string run)
    {
        lock (_lock)
        {
            foreach (var key in _runs.Keys.Where(k => k.Run == run).ToList())
            {
                _runs.Remove(key);
            }
        }
    }

    /// <summary>Forgets every run of a store (after it was re-ingested: the graph they were loaded with changed).</summary>
    public void ForgetStore(string store)
    {
        lock (_lock)
        {
            foreach (var key in _runs.Keys.Where(k => k.Store == store).ToList())
            {
                _runs.Remove(key);
            }
        }
    }

    private static async Task<TrainedRun> LoadAsync(IGraphStore store, string run, CancellationToken ct) =>
        await TrainedRun.LoadAsync(store, await TrainedRun.DirectoryOfAsync(store, run, ct), ct);
}
