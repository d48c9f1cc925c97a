namespace PerturbKG.Store.Bolt;

/// <summary>
/// Conversions between Bolt's temporal fields (seconds and nanoseconds since the epoch, days since the epoch,
/// nanoseconds of the day) and .NET's types, exact or not at all.
/// </summary>
internal static class BoltTemporal
{
    public const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerDay = 86_400 * NanosPerSecond;
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly long MinSeconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
    private static readonly long MaxSeconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    public static object Date(long days) =>
        days >= DateOnly.MinValue.DayNumber - EpochDayNumber && days <= DateOnly.MaxValue.DayNumber - EpochDayNumber
            ? DateOnly.FromDayNumber((int)(days + EpochDayNumber))
            : new BoltDate(days);

    public static long Days(DateOnly date) => date.DayNumber - (long)EpochDayNumber;

    public static object LocalTime(long nanos) =>
        nanos is >= 0 and < NanosPerDay && nanos % 100 == 0 ? new TimeOnly(nanos / 100) : new BoltLocalTime(nanos);

    public static object LocalDateTime(long seconds, long nanos) =>
        TryTicks(seconds, nanos, out var ticks) ? new DateTime(ticks, DateTimeKind.Unspecified) : new BoltLocalDateTime(seconds, (int)nanos);

    public static object Instant(long utcSeconds, long nanos, long offsetSeconds) =>
        TryInstant(utcSeconds, nanos, offsetSeconds, out var instant) ? instant : new BoltDateTime(utcSeconds, (int)nanos, (int)offsetSeconds);

    /// <summary>The instant as a DateTimeOffset in its offset, if .NET can hold it exactly (offset in whole minutes, ±14 h).</summary>
    public static bool TryInstant(long utcSeconds, long nanos, long offsetSeconds, out DateTimeOffset instant)
    {
        instant = default;
        if (offsetSeconds % 60 != 0 || Math.Abs(offsetSeconds) > 14 * 3600 ||
            !TryTicks(utcSeconds, nanos, out var utcTicks) || !TryTicks(utcSeconds + offsetSeconds, nanos, out _))
        {
            return false;
        }

        instant = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromSeconds(offsetSeconds));
        return true;
    }

    /// <summary>Seconds and nanoseconds since the epoch of a DateTime's ticks (treated as the clock they are on).</summary>
    public static (long Seconds, long Nanos) Split(long ticks)
    {
        var sinceEpoch = ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return (seconds, rest * 100);
    }

    /// <summary>Whole seconds and non-negative nanoseconds of a signed span of nanoseconds.</summary>
    public static (long Seconds, long Nanos) SplitNanos(Int128 nanos)
    {
        var seconds = (long)(nanos / NanosPerSecond);
        var rest = (long)(nanos % NanosPerSecond);
        return rest < 0 ? (seconds - 1, rest + NanosPerSecond) : (seconds, rest);
    }

    /// <summary>The zone's UTC offset at a wall-clock time, from this machine's time-zone database (null if the zone is unknown).</summary>
    public static TimeSpan? OffsetAtWallClock(string zoneId, long localSeconds, long nanos)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) || !TryTicks(localSeconds, nanos, out var ticks))
        {
            return null;
        }

        return zone.GetUtcOffset(new DateTime(ticks, DateTimeKind.Unspecified));
    }

    /// <summary>The zone's UTC offset at an instant (null if the zone is unknown or the instant out of .NET's range).</summary>
    public static TimeSpan? OffsetAtInstant(string zoneId, long utcSeconds, long nanos)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) || !TryTicks(utcSeconds, nanos, out var ticks))
        {
            return null;
        }

        return zone.GetUtcOffset(new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    private static bool TryTicks(long seconds, long nanos, out long ticks)
    {
        ticks = 0;
        if (nanos is < 0 or >= NanosPerSecond || nanos % 100 != 0 || seconds < MinSeconds || seconds > MaxSeconds)
        {
            return false;
        }

        var value = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanos / 100);
        if (value < DateTime.MinValue.Ticks || value > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        ticks = value;
        return true;
    }
}
