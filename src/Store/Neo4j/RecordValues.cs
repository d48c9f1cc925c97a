using System.Globalization;
using PerturbKG.Store.Bolt;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// Reads a record's values by key (<c>record.Long("uid")</c>) as the types the store's records hold: Bolt gives long,
/// double, string and lists.
/// </summary>
internal static class RecordValues
{
    public static long Long(this BoltRecord record, string key) => Long(record[key]);

    public static int Int(this BoltRecord record, string key) => Convert.ToInt32(record[key], CultureInfo.InvariantCulture);

    public static double? NullableDouble(this BoltRecord record, string key) => record[key] is { } value ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;

    public static string Text(this BoltRecord record, string key) => Text(record[key]);

    public static string? NullableText(this BoltRecord record, string key) => record[key] is { } value ? Text(value) : null;

    public static bool Bool(this BoltRecord record, string key) => record[key] is true;

    /// <summary>
    /// A Neo4j datetime as an instant; a text timestamp (how a store written by an older version may hold it) is read too.
    /// </summary>
    public static DateTimeOffset Time(this BoltRecord record, string key) => record[key] switch
    {
        DateTimeOffset instant => instant,
        DateTime { Kind: DateTimeKind.Unspecified } local => new DateTimeOffset(local, TimeSpan.Zero),
        DateTime time => new DateTimeOffset(time),
        BoltZonedDateTime { Instant: { } instant } => instant,
        var value => DateTimeOffset.Parse(Text(value), CultureInfo.InvariantCulture),
    };

    /// <summary>A list of numbers as floats (vectors are stored as float lists).</summary>
    public static float[] Floats(this BoltRecord record, string key)
    {
        var list = (IReadOnlyList<object?>)record[key]!;
        var floats = new float[list.Count];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = (float)Convert.ToDouble(list[i], CultureInfo.InvariantCulture);
        }

        return floats;
    }

    /// <summary>A list of maps (e.g. <c>collect({role: f.role, ...})</c>), each read by key.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> Maps(this BoltRecord record, string key) =>
        ((IReadOnlyList<object?>)record[key]!).Cast<IReadOnlyDictionary<string, object?>>();

    public static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
