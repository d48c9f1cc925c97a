using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace PerturbKG.Ingest.Text;

/// <summary>Decoding and number parsing of raw field bytes.</summary>
public static class FieldText
{
    /// <summary>UTF-8 when the bytes are valid UTF-8, else Latin-1 (LINCS metadata carries raw 0xB5 for µ).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>
    /// A field as an error message quotes it: in quotes, cut to 60 characters, control characters shown as <c>?</c>;
    /// messages quote the offending field and never more of a file.
    /// </summary>
    public static string Quote(string? field)
    {
        const int Max = 60;
        field ??= string.Empty;
        var shown = field.Length > Max ? field[..Max] : field;
        var text = new StringBuilder(shown.Length + 8).Append('\'');
        foreach (var c in shown)
        {
            text.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Append(field.Length > Max ? $"…' ({field.Length:N0} characters)" : "'").ToString();
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> bytes, out double value) =>
        double.TryParse(Trim(bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseFloat(ReadOnlySpan<byte> bytes, out float value) =>
        float.TryParse(Trim(bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Case-insensitive comparison of ASCII bytes with a string, for fixed vocabularies.</summary>
    public static bool EqualsAscii(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (char.ToLowerInvariant((char)bytes[i]) != char.ToLowerInvariant(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        var end = bytes.Length;
        while (start < end && bytes[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && bytes[end - 1] is (byte)' ' or (byte)'\r')
        {
            end--;
        }

        return bytes[start..end];
    }
}
