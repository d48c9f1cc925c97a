namespace PerturbKG.Ingest.Reporting;

/// <summary>The kinds of bad input row that ingestion reports and rejects.</summary>
public enum IssueKind
{
    WrongColumnCount,
    UnparsableNumber,
    MissingValue,
    UnknownNodeType,
    DanglingEndpoint,
    ConflictingDuplicateId,
    WrongVectorLength,
    UnknownGene,
    UnknownCompound,
    ControlCharacter,
    FieldTooLong,
}
