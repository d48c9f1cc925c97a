using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Reporting;

/// <summary>
/// Collects rejected rows. Each is counted, the first few hundred are kept for the report, and — when a rejects file
/// is given — every one is written there (file, line, kind, reason), however many; in strict mode the first one stops
/// the load (and so nothing of it is stored).
/// </summary>
public sealed class IngestIssues(bool strict, string? rejectsFile = null, int keep = 200) : IDisposable
{
    private const int MaxReason = 500;

    private readonly List<IngestIssue> _kept = [];
    private StreamWriter? _rejects;
    private readonly Dictionary<IssueKind, int> _counts = [];
    private readonly Dictionary<string, int> _byFile = new(StringComparer.Ordinal);

    public bool Strict => strict;

    public int Total { get; private set; }

    public IReadOnlyList<IngestIssue> Kept => _kept;

    /// <summary>Where every rejected row was written (null: no file asked for, or nothing rejected).</summary>
    public string? RejectsFile => _rejects is null ? null : rejectsFile;

    public IReadOnlyDictionary<IssueKind, int> Counts => _counts;

    public void Reject(string file, long line, IssueKind kind, string message)
    {
        if (strict)
        {
            throw new InvalidInputException(file, line, $"{message} (--strict stops at the first bad row)");
        }

        Total++;
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        _byFile[file] = _byFile.GetValueOrDefault(file) + 1;
        if (_kept.Count < keep)
        {
            _kept.Add(new IngestIssue(file, line, kind, message));
        }

        if (rejectsFile is not null)
        {
            if (_rejects is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(rejectsFile))!);
                _rejects = new StreamWriter(rejectsFile, append: false);
                _rejects.WriteLine("file\tline\tkind\treason");
            }

            var reason = message.Length > MaxReason ? message[..MaxReason] + "…" : message;
            _rejects.WriteLine($"{Clean(file)}\t{line}\t{kind}\t{Clean(reason)}");
        }
    }

    /// <summary>Removes a rejects file an earlier load left, so the file never describes another load.</summary>
    public void ForgetEarlierRejects()
    {
        if (rejectsFile is not null && _rejects is null && File.Exists(rejectsFile))
        {
            File.Delete(rejectsFile);
        }
    }

    public void Dispose() => _rejects?.Dispose();

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>How many rows of one file were rejected.</summary>
    public int CountFor(string file) => _byFile.GetValueOrDefault(file);
}
