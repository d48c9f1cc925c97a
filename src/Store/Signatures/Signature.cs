namespace PerturbKG.Store.Signatures;

/// <summary>An observed expression change of the landmark genes for one (drug, cell line, dose, time).</summary>
/// <param name="Values">One value per landmark gene, in landmark position order.</param>
public sealed record Signature(
    string SignatureId,
    SignatureKind Kind,
    long Drug,
    long Cell,
    double? Dose,
    string? DoseUnit,
    double? Time,
    string? TimeUnit,
    float[] Values);

/// <summary>How a signature's values were obtained, which fixes their scale.</summary>
public enum SignatureKind
{
    /// <summary>LINCS level-5 consensus z-scores (MODZ).</summary>
    Level5,

    /// <summary>Treated minus paired control expression (log2 units).</summary>
    Delta,

    /// <summary>A user's processed table, taken as given.</summary>
    Table,
}
