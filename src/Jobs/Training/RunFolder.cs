using System.Text.Json;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Model.Evaluation;

namespace PerturbKG.Jobs.Training;

/// <summary>
/// A finished training run as its folder records it, whoever started it (CLI <c>train</c>, <c>demo</c>, a job):
/// metrics.json holds the comparison and the write-back, manifest.json when it ran and on which store.
/// </summary>
public sealed record RunFolder(string Directory, RunSummary Summary, DateTimeOffset? CreatedAt, string? Store, WriteBackResult? WriteBack)
{
    public string Report => Path.Combine(Directory, "report.html");

    /// <summary>The run in a folder, or null when the folder holds no readable metrics.json (not a run, or one still running).</summary>
    public static RunFolder? TryRead(string directory)
    {
        var full = Path.GetFullPath(directory);
        try
        {
            var metrics = JsonSerializer.Deserialize<MetricsFile>(File.ReadAllText(Path.Combine(full, "metrics.json")), RunArtifacts.Json);
            if (metrics?.Models is not { Count: > 0 } models || metrics.Run is null || metrics.Split is null)
            {
                return null;
            }

            var manifest = File.Exists(Path.Combine(full, "manifest.json"))
                ? JsonSerializer.Deserialize<ManifestFile>(File.ReadAllText(Path.Combine(full, "manifest.json")), RunArtifacts.Json)
                : null;
            var summary = new RunSummary(metrics.Run, metrics.Split, metrics.Seeds, [.. models.Keys], models.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, Estimate>)m.Value),
                (metrics.PairedDifferences ?? new Dictionary<string, Dictionary<string, Estimate>>()).ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, Estimate>)m.Value), metrics.TrainingSeconds ?? new Dictionary<string, double>(), metrics.Seconds);
            return new RunFolder(full, summary, manifest?.CreatedAt ?? File.GetLastWriteTimeUtc(Path.Combine(full, "metrics.json")), manifest?.Store, metrics.WriteBack);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The runs under some folders, newest first, each folder once: a folder is itself a run or holds runs one level
    /// down (<c>runs/NAME</c>); missing folders, and those in <paramref name="known"/> (full paths), are skipped unread.
    /// </summary>
    public static IReadOnlyList<RunFolder> Find(IEnumerable<string> roots, IReadOnlySet<string>? known = null)
    {
        var seen = new HashSet<string>(known ?? new HashSet<string>(), StringComparer.Ordinal);
        var found = new List<RunFolder>();
        foreach (var root in roots.Select(Path.GetFullPath).Where(System.IO.Directory.Exists))
        {
            IEnumerable<string> candidates;
            try
            {
                candidates = [root, .. System.IO.Directory.EnumerateDirectories(root)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var folder in candidates.Where(f => File.Exists(Path.Combine(f, "metrics.json"))))
            {
                if (seen.Add(Path.GetFullPath(folder)) && TryRead(folder) is { } run)
                {
                    found.Add(run);
                }
            }
        }

        return [.. found.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Directory, StringComparer.Ordinal)];
    }

    private sealed record MetricsFile(
        string? Run, string? Split, int Seeds, Dictionary<string, Dictionary<string, Estimate>>? Models,
        Dictionary<string, Dictionary<string, Estimate>>? PairedDifferences, WriteBackResult? WriteBack,
        Dictionary<string, double>? TrainingSeconds, double Seconds);

    private sealed record ManifestFile(DateTimeOffset? CreatedAt, string? Store);
}
