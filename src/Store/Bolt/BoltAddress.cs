namespace PerturbKG.Store.Bolt;

/// <summary>
/// Where a Neo4j server listens. <c>bolt://</c> is one server, spoken to directly; <c>neo4j://</c> is a cluster (or
/// Aura) reached through routing: the address is a router, asked for the members that take writes and reads. <c>+s</c>
/// adds TLS, <c>+ssc</c> TLS accepting any certificate. A <c>neo4j://</c> URI's query (<c>?region=eu</c>) is the
/// routing context sent to the server.
/// </summary>
public sealed record BoltAddress(string Host, int Port, bool Tls, bool TrustAnyCertificate, bool Routing = false)
{
    /// <summary>The routing context of a <c>neo4j://</c> URI's query string (without the address, which is added when sent).</summary>
    public IReadOnlyDictionary<string, string> RoutingQuery { get; init; } = new Dictionary<string, string>();

    public static BoltAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            throw new FormatException($"'{uri}' is not a Bolt address; use bolt://HOST:7687 or neo4j://HOST:7687.");
        }

        var (tls, any, routing) = parsed.Scheme.ToLowerInvariant() switch
        {
            "bolt" => (false, false, false),
            "bolt+s" => (true, false, false),
            "bolt+ssc" => (true, true, false),
            "neo4j" => (false, false, true),
            "neo4j+s" => (true, false, true),
            "neo4j+ssc" => (true, true, true),
            _ => throw new FormatException($"'{parsed.Scheme}' is not a Bolt scheme; use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc."),
        };
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            query[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        if (!routing && query.Count > 0)
        {
            throw new FormatException($"A routing context ({parsed.Query}) needs a neo4j:// address, not {parsed.Scheme}://.");
        }

        return new BoltAddress(parsed.Host, parsed.IsDefaultPort || parsed.Port <= 0 ? 7687 : parsed.Port, tls, any, routing) { RoutingQuery = query };
    }

    /// <summary>A cluster member named by a routing table ("host:port"), reached as the router was (TLS alike).</summary>
    public BoltAddress Member(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        var host = colon > 0 ? hostAndPort[..colon].Trim('[', ']') : hostAndPort;
        var port = colon > 0 && int.TryParse(hostAndPort[(colon + 1)..], out var p) ? p : 7687;
        return this with { Host = host, Port = port };
    }

    /// <summary>"host:port", as routing tables and the routing context name servers.</summary>
    public string HostAndPort => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public bool Equals(BoltAddress? other) =>
        other is not null && Host == other.Host && Port == other.Port && Tls == other.Tls && TrustAnyCertificate == other.TrustAnyCertificate && Routing == other.Routing;

    public override int GetHashCode() => HashCode.Combine(Host, Port, Tls, TrustAnyCertificate, Routing);

    public override string ToString() => $"{(Routing ? "neo4j" : "bolt")}{(Tls ? TrustAnyCertificate ? "+ssc" : "+s" : string.Empty)}://{HostAndPort}";
}

/// <summary>Basic-auth credentials; read from the environment (NEO4J_USER, NEO4J_PASSWORD), never from the command line.</summary>
public sealed record BoltAuth(string User, string Password)
{
    public static BoltAuth FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NEO4J_USER") ?? "neo4j",
        Environment.GetEnvironmentVariable("NEO4J_PASSWORD") ?? throw new InvalidOperationException("Set NEO4J_PASSWORD (and NEO4J_USER, default neo4j) to use a Neo4j store."));

    public override string ToString() => $"{User}:***";
}
