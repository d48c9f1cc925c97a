using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>
/// <c>neo4j://</c> addresses (clusters, Aura): the routing table fetched with ROUTE, writes to the writer, reads to a
/// reader with <c>mode: "r"</c> and the last write's bookmark, and NotALeader answered by fetching the table again.
/// Two scripted servers play the cluster's members.
/// </summary>
public sealed class BoltRoutingTests
{
    private const byte Hello = 0x01, Run = 0x10, Begin = 0x11, Commit = 0x12, Pull = 0x3F, Route = 0x66, Logon = 0x6A, Reset = 0x0F;

    private static readonly BoltAuth Auth = new("neo4j", "secret-password");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Table(BoltAddress router, BoltAddress writer, BoltAddress reader) => new()
    {
        ["rt"] = new Dictionary<string, object?>
        {
            ["ttl"] = 300L,
            ["db"] = "neo4j",
            ["servers"] = new List<object?>
            {
                Role("WRITE", writer), Role("READ", reader), Role("ROUTE", router),
            },
        },
    };

    private static Dictionary<string, object?> Role(string role, BoltAddress member) =>
        new() { ["addresses"] = new List<object?> { member.HostAndPort }, ["role"] = role };

    private static ScriptedBoltServer LoggedIn(ScriptedBoltServer server) =>
        server.Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success();

    private static Dictionary<string, object?> Fields(params string[] keys) => new() { ["fields"] = keys.Cast<object?>().ToList() };

    [Fact]
    public async Task WritesGoToTheWriter_ReadsToAReader_WithModeRAndTheWritesBookmark()
    {
        var writer = new ScriptedBoltServer();
        var reader = new ScriptedBoltServer();
        await using var _ = writer;
        await using var __ = reader;
        LoggedIn(writer)
            .Expect(Route).Success(Table(writer.Address, writer.Address, reader.Address))
            .Expect(Begin).Success().Expect(Run).Success(Fields()).Expect(Pull).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:write-1" })
            .Start();
        LoggedIn(reader)
            .Expect(Run).Success(Fields("n")).Expect(Pull).Record(1L).Success(new() { ["bookmark"] = "FB:read-1" })
            .Start();
        await using var driver = new BoltDriver(Routed(writer.Address), Auth);

        await driver.WriteTransactionAsync(async (connection, ct) => (await connection.ExecuteAsync("CREATE (:Drug {id: 'DB1'})", null, ct)).Records.Count, Ct);
        var read = await driver.AcquireAsync(BoltAccess.Read, Ct);
        var (records, _) = await read.ExecuteAsync("MATCH (d:Drug) RETURN count(d) AS n", null, Ct);
        await driver.ReleaseAsync(read);

        Assert.Equal(1L, records.Single()["n"]);
        var hello = (IReadOnlyDictionary<string, object?>)writer.Received.First(m => m.Tag == Hello).Fields[0]!;
        Assert.Equal(writer.Address.HostAndPort, ((IReadOnlyDictionary<string, object?>)hello["routing"]!)["address"]);
        var route = writer.Received.First(m => m.Tag == Route);
        Assert.Equal(writer.Address.HostAndPort, ((IReadOnlyDictionary<string, object?>)route.Fields[0]!)["address"]);
        Assert.Empty((IReadOnlyList<object?>)route.Fields[1]!);
        var readRun = (IReadOnlyDictionary<string, object?>)reader.Received.First(m => m.Tag == Run).Fields[2]!;
        Assert.Equal("r", readRun["mode"]);
        Assert.Equal(["FB:write-1"], (IReadOnlyList<object?>)readRun["bookmarks"]!);
        Assert.Equal(["FB:read-1"], driver.Bookmarks.Current);
        Assert.Equal(1, driver.RoutingRefreshes);
    }

    [Fact]
    public async Task NotALeader_FetchesTheTableAgain_AndTheWriteSucceedsOnTheNewLeader()
    {
        var leader = new ScriptedBoltServer();
        var follower = new ScriptedBoltServer();
        await using var _ = leader;
        await using var __ = follower;
        LoggedIn(leader)
            .Expect(Route).Success(Table(leader.Address, follower.Address, follower.Address)) // stale: the follower as writer
            .Expect(Route).Success(Table(leader.Address, leader.Address, follower.Address))
            .Expect(Begin).Success().Expect(Run).Success(Fields()).Expect(Pull).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:2" })
            .Start();
        LoggedIn(follower)
            .Expect(Begin).Failure("Neo.ClientError.Cluster.NotALeader", "No write operations are allowed on this database.")
            .Expect(Run).Ignored().Expect(Pull).Ignored()
            .Expect(Reset).Success()
            .Start();
        await using var driver = new BoltDriver(Routed(leader.Address), Auth) { FirstBackoff = TimeSpan.FromMilliseconds(5) };
        var attempts = 0;

        await driver.WriteTransactionAsync(async (connection, ct) =>
        {
            attempts++;
            return (await connection.ExecuteAsync("MERGE (:Drug {id: 'DB1'})", null, ct)).Records.Count;
        }, Ct);

        Assert.Equal(2, attempts);
        Assert.Equal(2, driver.RoutingRefreshes);
        Assert.Equal(1, leader.Received.Count(m => m.Tag == Commit));
        Assert.DoesNotContain(follower.Received, m => m.Tag == Commit);
        Assert.Equal(["FB:2"], driver.Bookmarks.Current);
    }

    [Fact]
    public async Task BoltScheme_IsDirect_AndNeverRoutes()
    {
        await using var server = LoggedIn(new ScriptedBoltServer())
            .Expect(Run).Success(Fields("x")).Expect(Pull).Record(1L).Success()
            .Start();
        await using var driver = new BoltDriver(server.Address, Auth);

        var connection = await driver.AcquireAsync(BoltAccess.Read, Ct);
        await connection.ExecuteAsync("RETURN 1 AS x", null, Ct);
        await driver.ReleaseAsync(connection);

        Assert.DoesNotContain(server.Received, m => m.Tag == Route);
        Assert.False(((IReadOnlyDictionary<string, object?>)server.Received[0].Fields[0]!).ContainsKey("routing"));
        Assert.Equal(0, driver.RoutingRefreshes);
    }

    [Fact]
    public void Address_Neo4jSchemes_Route_AndKeepTheirQueryAsRoutingContext()
    {
        var aura = BoltAddress.Parse("neo4j+s://abcd1234.databases.neo4j.io?region=eu");

        Assert.True(aura.Routing);
        Assert.True(aura.Tls);
        Assert.Equal(7687, aura.Port);
        Assert.Equal("eu", aura.RoutingQuery["region"]);
        Assert.False(BoltAddress.Parse("bolt+s://localhost").Routing);
        Assert.Equal("neo4j+s://abcd1234.databases.neo4j.io:7687", aura.ToString());
        Assert.Throws<FormatException>(() => BoltAddress.Parse("bolt://localhost?region=eu"));
    }

    private static BoltAddress Routed(BoltAddress address) => address with { Routing = true };
}
