namespace PerturbKG.Ingest.Reporting;

/// <summary>Where a load is: a stage (usually a file) and how far through it, in the stage's own unit.</summary>
public sealed record IngestProgress(string Stage, double Done, double Total);
