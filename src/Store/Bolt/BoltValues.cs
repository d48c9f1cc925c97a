namespace PerturbKG.Store.Bolt;

/// <summary>A graph node as Bolt returns it (element id from Bolt 5; null on 4.4).</summary>
public sealed record BoltNode(long Id, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, object?> Properties, string? ElementId);

/// <summary>A relationship with its endpoints.</summary>
public sealed record BoltRelationship(long Id, long StartId, long EndId, string Type, IReadOnlyDictionary<string, object?> Properties,
    string? ElementId, string? StartElementId, string? EndElementId);

/// <summary>A relationship inside a path, without endpoints (the path's sequence gives them).</summary>
public sealed record BoltUnboundRelationship(long Id, string Type, IReadOnlyDictionary<string, object?> Properties, string? ElementId);

/// <summary>A path: its distinct nodes and relationships, and the sequence of (relationship, node) indices that walks it.</summary>
public sealed record BoltPath(IReadOnlyList<BoltNode> Nodes, IReadOnlyList<BoltUnboundRelationship> Relationships, IReadOnlyList<long> Sequence);

/// <summary>A structure this client does not know, kept as tag and fields.</summary>
public sealed record BoltStructure(byte Tag, IReadOnlyList<object?> Fields);

// Temporal and spatial values. Bolt's temporal values are read as .NET types when those hold them exactly (DateOnly,
// TimeOnly, DateTime, DateTimeOffset); the types below carry what .NET cannot: years outside 1–9999, nanoseconds that
// are not whole 100 ns ticks, offsets that are not whole minutes, zone ids, times with an offset, durations and points.
// Each can be sent as a parameter too.

/// <summary>A Cypher duration: months, days, seconds and nanoseconds are kept apart, as Cypher keeps them.</summary>
public sealed record BoltDuration(long Months, long Days, long Seconds, int Nanoseconds);

/// <summary>A point in a coordinate reference system (SRID); Z is null for 2-D points.</summary>
public sealed record BoltPoint(int Srid, double X, double Y, double? Z);

/// <summary>A Cypher date outside <see cref="DateOnly"/>'s years 1–9999: days since 1970-01-01.</summary>
public sealed record BoltDate(long EpochDays);

/// <summary>A Cypher local time with nanosecond precision.</summary>
public sealed record BoltLocalTime(long NanosecondOfDay);

/// <summary>A Cypher time: time of day (nanoseconds) with its UTC offset.</summary>
public sealed record BoltOffsetTime(long NanosecondOfDay, int OffsetSeconds);

/// <summary>A Cypher local date-time that <see cref="DateTime"/> cannot hold: wall-clock seconds since 1970-01-01T00:00 and nanoseconds.</summary>
public sealed record BoltLocalDateTime(long EpochSeconds, int Nanoseconds);

/// <summary>A Cypher date-time with an offset that <see cref="DateTimeOffset"/> cannot hold: the instant (UTC seconds since the epoch, nanoseconds) and the offset.</summary>
public sealed record BoltDateTime(long EpochSeconds, int Nanoseconds, int OffsetSeconds);

/// <summary>A Cypher date-time in a named zone: the instant (UTC seconds since the epoch, nanoseconds) and the zone id.</summary>
public sealed record BoltZonedDateTime(long EpochSeconds, int Nanoseconds, string ZoneId)
{
    /// <summary>The instant as UTC, when <see cref="DateTimeOffset"/> can hold it (to 100 ns).</summary>
    public DateTimeOffset? Instant => BoltTemporal.TryInstant(EpochSeconds, Nanoseconds, 0, out var instant) ? instant : null;
}

/// <summary>
/// A zoned date-time from a Bolt 4.4 server that did not take the "utc" patch, in a zone this machine's time-zone
/// database does not know: only its wall-clock time is known, not the instant.
/// </summary>
public sealed record BoltWallClockZonedDateTime(long LocalEpochSeconds, int Nanoseconds, string ZoneId);
