using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Reporting;

/// <summary>
/// Collects rejected rows. Each is counted and the first few hundred are kept for the report; in strict mode the
/// first one stops the load (and so nothing of it is stored).
/// </summary>
public sealed class IngestIssues(bool strict, int keep = 200)
{
    private readonly List<IngestIssue> _kept = [];
    private readonly Dictionary<IssueKind, int> _counts = [];
    private readonly Dictionary<string, int> _byFile = new(StringComparer.Ordinal);

    public bool Strict => strict;

    public int Total { get; private set; }

    public IReadOnlyList<IngestIssue> Kept => _kept;

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
    }

    /// <summary>How many rows of one file were rejected.</summary>
    public int CountFor(string file) => _byFile.GetValueOrDefault(file);
}
