using System.Globalization;
using System.Text.RegularExpressions;

namespace PerturbKG.Ingest.Lincs;

/// <summary>A dose or time: a number and its unit (µM, nM, h, ...), parsed from LINCS's many spellings.</summary>
public readonly partial record struct Amount(double? Value, string? Unit)
{
    public static Amount None => default;

    /// <summary>Parses "10 µM", "10 &lt;b5&gt;M" (cmapR's escape), "10 \xB5M" (Latin-1), "10uM", "6 h", "-666" (missing).</summary>
    public static Amount Parse(string? text)
    {
        var cleaned = LincsText.Clean(text);
        if (cleaned is null)
        {
            return None;
        }

        var match = AmountPattern().Match(cleaned);
        if (!match.Success)
        {
            return new Amount(null, NormalizeUnit(cleaned));
        }

        var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.Trim();
        return value == -666 ? None : new Amount(value, unit.Length == 0 ? null : NormalizeUnit(unit));
    }

    /// <summary>A value from one column and a unit from another (beta siginfo: pert_dose + pert_dose_unit).</summary>
    public static Amount Combine(string? value, string? unit)
    {
        var parsed = Parse(value);
        var cleanedUnit = LincsText.Clean(unit);
        return parsed.Value is null || cleanedUnit is null ? parsed : parsed with { Unit = NormalizeUnit(cleanedUnit) };
    }

    /// <summary>One spelling per unit: every micro sign and "u" become µ.</summary>
    public static string NormalizeUnit(string unit)
    {
        var u = unit.Trim().Replace("<b5>", "µ", StringComparison.Ordinal).Replace('\u03bc', 'µ');
        if (u.Length >= 2 && (u[0] == 'u' || u[0] == 'U') && char.IsLetter(u[1]))
        {
            u = "µ" + u[1..];
        }

        return u switch
        {
            "µm" or "µM" => "µM",
            "nm" or "nM" => "nM",
            "mm" or "mM" => "mM",
            "pm" or "pM" => "pM",
            "hr" or "hrs" or "hours" or "h" or "H" => "h",
            "m" or "min" or "mins" => "min",
            _ => u,
        };
    }

    public override string ToString() =>
        Value is { } v ? $"{v.ToString(CultureInfo.InvariantCulture)} {Unit}".Trim() : Unit ?? string.Empty;

    [GeneratedRegex(@"^\s*(?<value>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*(?<unit>.*)$")]
    private static partial Regex AmountPattern();
}
