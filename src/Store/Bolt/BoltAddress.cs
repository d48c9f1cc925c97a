namespace PerturbKG.Store.Bolt;

/// <summary>Where a Neo4j server listens: <c>bolt://</c> or <c>neo4j://</c> (single instance), <c>+s</c> for TLS, <c>+ssc</c> for TLS with any certificate.</summary>
public sealed record BoltAddress(string Host, int Port, bool Tls, bool TrustAnyCertificate)
{
    public static BoltAddress Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            throw new FormatException($"'{uri}' is not a Bolt address; use bolt://HOST:7687.");
        }

        var (tls, any) = parsed.Scheme.ToLowerInvariant() switch
        {
            "bolt" or "neo4j" => (false, false),
            "bolt+s" or "neo4j+s" => (true, false),
            "bolt+ssc" or "neo4j+ssc" => (true, true),
            _ => throw new FormatException($"'{parsed.Scheme}' is not a Bolt scheme; use bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc."),
        };
        return new BoltAddress(parsed.Host, parsed.IsDefaultPort || parsed.Port <= 0 ? 7687 : parsed.Port, tls, any);
    }

    public override string ToString() => $"{(Tls ? "bolt+s" : "bolt")}://{Host}:{Port}";
}

/// <summary>Basic-auth credentials; read from the environment (NEO4J_USER, NEO4J_PASSWORD), never from the command line.</summary>
public sealed record BoltAuth(string User, string Password)
{
    public static BoltAuth FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NEO4J_USER") ?? "neo4j",
        Environment.GetEnvironmentVariable("NEO4J_PASSWORD") ?? throw new InvalidOperationException("Set NEO4J_PASSWORD (and NEO4J_USER, default neo4j) to use a Neo4j store."));

    public override string ToString() => $"{User}:***";
}
