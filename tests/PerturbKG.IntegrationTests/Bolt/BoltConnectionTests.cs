using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>The Bolt client against a scripted server playing exchanges written from the Bolt specification.</summary>
public sealed class BoltConnectionTests
{
    private const byte Hello = 0x01, Goodbye = 0x02, Reset = 0x0F, Run = 0x10, Begin = 0x11, Commit = 0x12, Rollback = 0x13, Pull = 0x3F, Logon = 0x6A;

    private static readonly BoltAuth Auth = new("neo4j", "secret-password");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // SUCCESS {} and RECORD [n], byte for byte: chunk header, structure marker, signature, value, end marker.
    private static readonly byte[] EmptySuccess = [0x00, 0x03, 0xB1, 0x70, 0xA0, 0x00, 0x00];

    private static byte[] RecordOf(byte tinyInt) => [0x00, 0x04, 0xB1, 0x71, 0x91, tinyInt, 0x00, 0x00];

    private static ScriptedBoltServer LoggedIn54() => new ScriptedBoltServer()
        .Handshake(5, 4)
        .Expect(Hello).Success(new() { ["server"] = "Neo4j/5.26.0", ["connection_id"] = "bolt-1" })
        .Expect(Logon).SendBytes(EmptySuccess);

    [Fact]
    public async Task Open_NegotiatesBolt54_AndSendsHelloThenLogon()
    {
        await using var server = LoggedIn54().Start();
        await using (var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct))
        {
            Assert.Equal((5, 4), connection.Version);
            Assert.Equal("Neo4j/5.26.0", connection.Server);
        }

        await server.Completion;
        var hello = (IReadOnlyDictionary<string, object?>)server.Received[0].Fields[0]!;
        var logon = (IReadOnlyDictionary<string, object?>)server.Received[1].Fields[0]!;
        Assert.Equal(BoltConnection.UserAgent, hello["user_agent"]);
        Assert.True(hello.ContainsKey("bolt_agent"));
        Assert.False(hello.ContainsKey("credentials"), "from Bolt 5.1 credentials go in LOGON, not HELLO");
        Assert.Equal("basic", logon["scheme"]);
        Assert.Equal("neo4j", logon["principal"]);
        Assert.Equal("secret-password", logon["credentials"]);
    }

    [Fact]
    public async Task Open_FallsBackToBolt44_WithCredentialsInHello()
    {
        await using var server = new ScriptedBoltServer().Handshake(4, 4).Expect(Hello).SendBytes(EmptySuccess).Start();
        await using (var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct))
        {
            Assert.Equal((4, 4), connection.Version);
        }

        await server.Completion;
        var hello = (IReadOnlyDictionary<string, object?>)server.Received[0].Fields[0]!;
        Assert.Equal("secret-password", hello["credentials"]);
        Assert.Equal(["utc"], (IReadOnlyList<object?>)hello["patch_bolt"]!);
        Assert.Equal([Hello, Goodbye], server.Received.Select(m => m.Tag));
    }

    [Fact]
    public async Task Open_Throws_WhenServerAcceptsNoOfferedVersion()
    {
        await using var server = new ScriptedBoltServer().Handshake(0, 0).Start();

        var error = await Assert.ThrowsAsync<BoltProtocolException>(() => BoltConnection.OpenAsync(server.Address, Auth, Ct));

        Assert.Contains("supports none of Bolt 5.0–5.8 or 4.4", error.Message);
    }

    [Fact]
    public async Task Open_ThrowsAuthenticationError_WhenLogonFails()
    {
        await using var server = new ScriptedBoltServer().Handshake(5, 4)
            .Expect(Hello).Success()
            .Expect(Logon).Failure("Neo.ClientError.Security.Unauthorized", "The client is unauthorized due to authentication failure.")
            .Start();

        var error = await Assert.ThrowsAsync<BoltAuthenticationException>(() => BoltConnection.OpenAsync(server.Address, Auth, Ct));

        Assert.Equal("Neo.ClientError.Security.Unauthorized", error.Code);
        Assert.Contains("authentication failure", error.Message);
        await server.Completion;
    }

    [Fact]
    public async Task Run_StreamsRecordsInSeveralPullBatches_OfTheFetchSize()
    {
        await using var server = LoggedIn54()
            .Expect(Run).Success(new() { ["fields"] = new List<object?> { "n" }, ["t_first"] = 1L })
            .ExpectBytes(0x00, 0x06, 0xB1, 0x3F, 0xA1, 0x81, 0x6E, 0x02, 0x00, 0x00) // PULL {n: 2}
            .SendBytes(RecordOf(1)).SendBytes(RecordOf(2)).Success(new() { ["has_more"] = true })
            .ExpectBytes(0x00, 0x06, 0xB1, 0x3F, 0xA1, 0x81, 0x6E, 0x02, 0x00, 0x00)
            .SendBytes(RecordOf(3)).Success(new() { ["bookmark"] = "FB:1", ["type"] = "r" })
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        var result = await connection.RunAsync("UNWIND range(1, $n) AS n RETURN n", new Dictionary<string, object?> { ["n"] = 3L }, Ct, fetchSize: 2);
        var values = new List<long>();
        await foreach (var record in result.WithCancellation(Ct))
        {
            values.Add((long)record[0]!);
        }

        Assert.Equal(["n"], result.Keys);
        Assert.Equal([1L, 2L, 3L], values);
        Assert.Equal(2, result.Batches);
        Assert.Equal("FB:1", result.Summary!["bookmark"]);
        var run = server.Received.First(m => m.Tag == Run);
        Assert.Equal("UNWIND range(1, $n) AS n RETURN n", run.Fields[0]);
        Assert.Equal(3L, ((IReadOnlyDictionary<string, object?>)run.Fields[1]!)["n"]);
    }

    [Fact]
    public async Task Failure_IsReportedWithCode_AndResetKeepsConnectionUsable()
    {
        await using var server = LoggedIn54()
            .Expect(Run).Failure("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETRUN'")
            .Expect(Pull).Ignored() // the PULL went out with the RUN
            .Expect(Reset).SendBytes(EmptySuccess)
            .Expect(Run).Success(new() { ["fields"] = new List<object?> { "x" } })
            .Expect(0x3F).SendBytes(RecordOf(7)).Success()
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        var error = await Assert.ThrowsAsync<BoltException>(() => connection.RunAsync("RETRUN 1", null, Ct));
        var (records, _) = await connection.ExecuteAsync("RETURN 7 AS x", null, Ct);

        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.False(error.IsTransient);
        Assert.Equal(7L, records.Single()[0]);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Transactions_CommitAndRollback()
    {
        await using var server = LoggedIn54()
            .Expect(Begin).SendBytes(EmptySuccess)
            .Expect(Run).Success(new() { ["fields"] = new List<object?>() })
            .Expect(0x3F).Success(new() { ["stats"] = new Dictionary<string, object?> { ["nodes-created"] = 1L } })
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:2" })
            .Expect(Begin).SendBytes(EmptySuccess)
            .Expect(Run).Success(new() { ["fields"] = new List<object?>() })
            .Expect(0x3F).Success()
            .Expect(Rollback).SendBytes(EmptySuccess)
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        await connection.BeginAsync(Ct);
        var (_, summary) = await connection.ExecuteAsync("MERGE (d:Drug {id: $id})", new Dictionary<string, object?> { ["id"] = "DB00001" }, Ct);
        var bookmark = await connection.CommitAsync(Ct);
        await connection.BeginAsync(Ct);
        await connection.ExecuteAsync("MERGE (d:Drug {id: $id})", new Dictionary<string, object?> { ["id"] = "DB00002" }, Ct);
        await connection.RollbackAsync(Ct);

        Assert.Equal("FB:2", bookmark);
        Assert.Equal(1L, ((IReadOnlyDictionary<string, object?>)summary["stats"]!)["nodes-created"]);
        Assert.Equal([Hello, Logon, Begin, Run, 0x3F, Commit, Begin, Run, 0x3F, Rollback], server.Received.Select(m => m.Tag).ToArray());
    }

    [Fact]
    public async Task DroppedConnection_ThrowsProtocolError_AndConnectionIsClosed()
    {
        await using var server = LoggedIn54().Expect(Run).Drop().Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        var error = await Assert.ThrowsAsync<BoltProtocolException>(() => connection.RunAsync("RETURN 1", null, Ct));

        Assert.Contains("closed", error.Message);
        Assert.False(connection.IsOpen);
        await Assert.ThrowsAsync<BoltProtocolException>(() => connection.RunAsync("RETURN 1", null, Ct));
    }

    [Fact]
    public async Task WriteTransaction_RetriesTransientError_ThenCommits()
    {
        await using var server = LoggedIn54()
            .Expect(Begin).SendBytes(EmptySuccess)
            .Expect(Run).Failure("Neo.TransientError.Transaction.DeadlockDetected", "deadlock")
            .Expect(Pull).Ignored()
            .Expect(Reset).SendBytes(EmptySuccess)
            .Expect(Begin).SendBytes(EmptySuccess)
            .Expect(Run).Success(new() { ["fields"] = new List<object?>() })
            .Expect(0x3F).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:3" })
            .Start();
        await using var driver = new BoltDriver(server.Address, Auth) { FirstBackoff = TimeSpan.FromMilliseconds(5) };
        var attempts = 0;

        await driver.WriteTransactionAsync(async (connection, ct) =>
        {
            attempts++;
            await connection.ExecuteAsync("UNWIND $rows AS row MERGE (d:Drug {id: row.id})",
                new Dictionary<string, object?> { ["rows"] = new List<object?> { new Dictionary<string, object?> { ["id"] = "DB00001" } } }, ct);
            return true;
        }, Ct);

        Assert.Equal(2, attempts);
        Assert.Equal(2, server.Received.Count(m => m.Tag == Begin));
        Assert.Equal(1, server.Received.Count(m => m.Tag == Commit));
    }
}
