using System.Globalization;

namespace PerturbKG.Store.Neo4j;

/// <summary>Turns the values Bolt returns (long, double, string, lists) into the types the store's records hold.</summary>
internal static class RecordValues
{
    public static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    public static double Double(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    public static double? NullableDouble(object? value) => value is null ? null : Double(value);

    public static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    public static string? NullableText(object? value) => value is null ? null : Text(value);

    public static float[] Floats(object? value)
    {
        var list = (IReadOnlyList<object?>)value!;
        var floats = new float[list.Count];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = (float)Double(list[i]);
        }

        return floats;
    }
}
