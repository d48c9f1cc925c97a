using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Reporting;

/// <summary>What one ingestion did, for the console table and for <c>--json</c>.</summary>
public sealed record IngestReport(
    string Dataset,
    string Store,
    double Seconds,
    IReadOnlyList<FileReport> Files,
    GraphReport? Graph,
    SignatureReport? Signatures,
    IReadOnlyList<MatchRate> Matches,
    IReadOnlyDictionary<string, int> RejectedByKind,
    int Rejected,
    IReadOnlyList<IngestIssue> Issues,
    StoreSummary StoreAfter)
{
    /// <summary>The file holding every rejected row (the report keeps only the first 200), when one was asked for.</summary>
    public string? RejectsFile { get; init; }
}

/// <summary>One input file: its role, provenance and rows.</summary>
public sealed record FileReport(string Role, string Path, string Sha256, long Bytes, long Rows, long Rejected);

/// <summary>What the graph sources contributed; mirrors and duplicates are rows folded onto an edge already read.</summary>
public sealed record GraphReport(
    long Rows,
    long Edges,
    long MirroredRows,
    long DuplicateRows,
    IReadOnlyDictionary<string, long> NodesByType,
    IReadOnlyDictionary<string, long> EdgesByRelation);

/// <summary>What the signature sources contributed.</summary>
public sealed record SignatureReport(long Read, long Stored, long SkippedNotCompound, long Rejected, int Drugs, int Cells);

/// <summary>A merge step: how many of the items it considered it matched.</summary>
public sealed record MatchRate(string Step, long Matched, long Total)
{
    public double Rate => Total == 0 ? 0 : (double)Matched / Total;
}
