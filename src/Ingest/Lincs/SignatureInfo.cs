namespace PerturbKG.Ingest.Lincs;

/// <summary>A signature's metadata: which compound, in which cell line, at which dose and time.</summary>
public sealed record SignatureInfo(
    string SignatureId,
    string? PertId,
    string? PertName,
    string? PertType,
    string? CellId,
    Amount Dose,
    Amount Time)
{
    /// <summary>True for compound treatments (trt_cp) and for rows that do not say.</summary>
    public bool IsCompound => PertType is null || PertType.Equals("trt_cp", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the fields from any name → value lookup (siginfo rows, GCT/GCTX column metadata).</summary>
    public static SignatureInfo From(string signatureId, Func<string[], string?> field) => new(
        signatureId,
        LincsText.Clean(field(["pert_id", "pert_mfc_id", "broad_id"])),
        LincsText.Clean(field(["pert_iname", "cmap_name", "pert_name"])),
        LincsText.Clean(field(["pert_type"])),
        LincsText.Clean(field(["cell_id", "cell_iname", "cell_mfc_name", "cell_line"])),
        FieldAmount(field, "pert_dose", "pert_dose_unit", "pert_idose"),
        FieldAmount(field, "pert_time", "pert_time_unit", "pert_itime"));

    /// <summary>Fills this record's blanks from another source (e.g. GCT column metadata under siginfo).</summary>
    public SignatureInfo Merge(SignatureInfo? other) => other is null ? this : new SignatureInfo(
        SignatureId,
        PertId ?? other.PertId,
        PertName ?? other.PertName,
        PertType ?? other.PertType,
        CellId ?? other.CellId,
        Dose.Value is null ? other.Dose : Dose,
        Time.Value is null ? other.Time : Time);

    private static Amount FieldAmount(Func<string[], string?> field, string value, string unit, string combined)
    {
        var separate = Amount.Combine(field([value]), field([unit]));
        return separate.Value is not null && separate.Unit is not null ? separate : Amount.Parse(field([combined])) switch
        {
            { Value: not null } parsed => parsed,
            _ => separate,
        };
    }
}
