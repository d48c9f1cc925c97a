namespace PerturbKG.Ingest.Lincs;

/// <summary>LINCS conventions for missing values in metadata.</summary>
public static class LincsText
{
    /// <summary>Null for blanks and LINCS's missing-value markers (-666, na, NaN, nan); the trimmed text otherwise.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed is "-666" or "-666.0" or "na" or "NA" or "NaN" or "nan" or "None" or "-"
            ? null
            : trimmed;
    }
}
