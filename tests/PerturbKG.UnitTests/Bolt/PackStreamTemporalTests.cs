using PerturbKG.Store.Bolt;

namespace PerturbKG.UnitTests.Bolt;

/// <summary>
/// Temporal and spatial values both ways, in the structure layouts of the Bolt 5 specification (tag, then the fields in
/// order): .NET types where they hold a value exactly, the project's types for the rest, nothing lost and nothing thrown.
/// </summary>
public sealed class PackStreamTemporalTests
{
    private const long Leap2024 = 1_709_210_096; // 2024-02-29T12:34:56Z

    public static TheoryData<string, object, byte, object[]> Layouts => new()
    {
        { "date", new DateOnly(2024, 2, 29), 0x44, [19_782L] },
        { "date 10000-01-01", new BoltDate(2_932_897), 0x44, [2_932_897L] },
        { "local time", new TimeOnly(12, 34, 56, 789), 0x74, [45_296_789_000_000L] },
        { "local time, 1 ns", new BoltLocalTime(45_296_000_000_001), 0x74, [45_296_000_000_001L] },
        { "time with offset", new BoltOffsetTime(45_296_000_000_001, 3600), 0x54, [45_296_000_000_001L, 3600L] },
        { "local date-time", new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Unspecified), 0x64, [Leap2024, 0L] },
        { "local date-time, 1 ns", new BoltLocalDateTime(Leap2024, 1), 0x64, [Leap2024, 1L] },
        { "date-time with offset", new DateTimeOffset(2024, 2, 29, 13, 34, 56, TimeSpan.FromHours(1)), 0x49, [Leap2024, 0L, 3600L] },
        { "date-time in year -1", new BoltDateTime(-719_893L * 86_400, 0, 0), 0x49, [-719_893L * 86_400, 0L, 0L] },
        { "date-time, offset of seconds", new BoltDateTime(Leap2024, 0, 3601), 0x49, [Leap2024, 0L, 3601L] },
        { "date-time in a zone", new BoltZonedDateTime(Leap2024, 5, "Europe/Stockholm"), 0x69, [Leap2024, 5L, "Europe/Stockholm"] },
        { "duration", new BoltDuration(14, 3, 61, 5), 0x45, [14L, 3L, 61L, 5L] },
        { "point 2-D", new BoltPoint(4326, 13.4, 52.5, null), 0x58, [4326L, 13.4, 52.5] },
        { "point 3-D", new BoltPoint(9157, 1.0, 2.0, 3.0), 0x59, [9157L, 1.0, 2.0, 3.0] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Value_IsSentAndReadInTheSpecificationsLayout(string kind, object value, byte tag, object[] fields)
    {
        var expected = Struct(tag, fields);

        Assert.True(expected.AsSpan().SequenceEqual(Encode(value)), $"{kind}: sent {Convert.ToHexString(Encode(value))}, the layout is {Convert.ToHexString(expected)}");
        Assert.Equal(value, Decode(expected));
    }

    [Fact]
    public void TimeSpan_IsSentAsADurationOfSecondsAndNonNegativeNanoseconds() =>
        Assert.Equal(Struct(0x45, 0L, 0L, -2L, 500_000_000L), Encode(TimeSpan.FromSeconds(-1.5)));

    [Fact]
    public void DateTimeWithAZoneId_KnowsItsInstant() =>
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Leap2024), new BoltZonedDateTime(Leap2024, 0, "Europe/Stockholm").Instant);

    [Fact]
    public void Bolt44WithoutUtc_SendsAndReadsWallClockSeconds()
    {
        var instant = new DateTimeOffset(2024, 2, 29, 13, 34, 56, TimeSpan.FromHours(1));
        var zoned = new BoltZonedDateTime(Leap2024, 0, "Europe/Stockholm"); // CET, +1 h in February

        Assert.Equal(Struct(0x46, Leap2024 + 3600, 0L, 3600L), Encode(instant, utc: false));
        Assert.Equal(Struct(0x66, Leap2024 + 3600, 0L, "Europe/Stockholm"), Encode(zoned, utc: false));
        Assert.Equal(instant, Decode(Struct(0x46, Leap2024 + 3600, 0L, 3600L)));
        Assert.Equal(zoned, Decode(Struct(0x66, Leap2024 + 3600, 0L, "Europe/Stockholm")));
    }

    [Fact]
    public void Bolt44WithoutUtc_ZoneThisMachineDoesNotKnow_IsKeptAsWallClock() =>
        Assert.Equal(new BoltWallClockZonedDateTime(Leap2024, 0, "Mars/Olympus_Mons"), Decode(Struct(0x66, Leap2024, 0L, "Mars/Olympus_Mons")));

    [Fact]
    public void Structure_WithTheWrongFieldCount_IsAProtocolError()
    {
        var error = Assert.Throws<BoltProtocolException>(() => Decode(Struct(0x44, 1L, 2L)));

        Assert.Contains("0x44 has 2 fields", error.Message);
    }

    private static byte[] Struct(byte tag, params object[] fields)
    {
        var stream = new MemoryStream();
        var writer = new PackStreamWriter(stream);
        writer.WriteStructHeader(fields.Length, tag);
        foreach (var field in fields)
        {
            writer.Write(field);
        }

        return stream.ToArray();
    }

    private static byte[] Encode(object value, bool utc = true)
    {
        var stream = new MemoryStream();
        new PackStreamWriter(stream) { Utc = utc }.Write(value);
        return stream.ToArray();
    }

    private static object? Decode(byte[] bytes) => new PackStreamReader(bytes).Read();
}
