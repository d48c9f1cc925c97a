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

/// <summary>A Cypher duration: months, days, seconds and nanoseconds are kept apart, as Cypher keeps them.</summary>
public sealed record BoltDuration(long Months, long Days, long Seconds, int Nanoseconds);

/// <summary>A time of day with its UTC offset.</summary>
public sealed record BoltOffsetTime(TimeOnly Time, int OffsetSeconds);

/// <summary>A point in a coordinate reference system (SRID); Z is null for 2-D points.</summary>
public sealed record BoltPoint(int Srid, double X, double Y, double? Z);

/// <summary>A date-time in a named time zone (the zone's rules are the server's; the instant is exact).</summary>
public sealed record BoltZonedDateTime(DateTimeOffset Instant, string ZoneId);

/// <summary>A structure this client does not know, kept as tag and fields.</summary>
public sealed record BoltStructure(byte Tag, IReadOnlyList<object?> Fields);
