namespace PerturbKG.Ingest.Reporting;

/// <summary>One rejected row: where it is and what is wrong with it.</summary>
public sealed record IngestIssue(string File, long Line, IssueKind Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
