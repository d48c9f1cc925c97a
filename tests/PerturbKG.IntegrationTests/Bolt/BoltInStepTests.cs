using PerturbKG.Store.Bolt;

namespace PerturbKG.IntegrationTests.Bolt;

/// <summary>
/// A connection is never out of step with the server: whatever goes wrong while a reply is read, the connection either
/// reads every reply it is owed (a FAILURE, then RESET) or is closed and never pooled.
/// </summary>
public sealed class BoltInStepTests
{
    private const byte Hello = 0x01, Goodbye = 0x02, Reset = 0x0F, Run = 0x10, Begin = 0x11, Commit = 0x12, Pull = 0x3F, Logon = 0x6A;

    private static readonly BoltAuth Auth = new("neo4j", "secret-password");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Fields(params string[] keys) => new() { ["fields"] = keys.Cast<object?>().ToList() };

    [Fact]
    public async Task UnreadableValue_ClosesTheConnection_AndTheRetriedTransactionCommitsOnce()
    {
        // Connection 1 answers the PULL with a RECORD whose value cannot be read (a Date structure with two fields) and
        // then its SUCCESS. Before, that SUCCESS stayed unread, RESET took it for its own reply, and every later
        // statement read the reply of the one before, until a retried transaction was committed twice.
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Begin).Success()
            .Expect(Run).Success(Fields("d"))
            .Expect(Pull).SendBytes(0x00, 0x07, 0xB1, 0x71, 0x91, 0xB2, 0x44, 0x01, 0x02, 0x00, 0x00).Success()
            .NextConnection()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Begin).Success()
            .Expect(Run).Success(Fields("d"))
            .Expect(Pull).Record(new DateOnly(2024, 2, 29)).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:1" })
            .Start();
        await using var driver = new BoltDriver(server.Address, Auth) { FirstBackoff = TimeSpan.FromMilliseconds(5) };
        var attempts = 0;

        var read = await driver.WriteTransactionAsync(async (connection, ct) =>
        {
            attempts++;
            var (records, _) = await connection.ExecuteAsync("MERGE (d:Day {on: $on}) RETURN d.on AS d", new Dictionary<string, object?> { ["on"] = new DateOnly(2024, 2, 29) }, ct);
            return records.Single()["d"];
        }, Ct);
        await driver.DisposeAsync();
        await server.Completion;

        Assert.Equal(2, attempts);
        Assert.Equal(new DateOnly(2024, 2, 29), read);
        Assert.Equal(1, server.Received.Count(m => m.Tag == Commit));
        var first = server.Received.Take(server.ReceivedPerConnection[0]).Select(m => m.Tag);
        Assert.Equal([Hello, Logon, Begin, Run, Pull], first); // no RESET read against a stale reply, no COMMIT
    }

    [Fact]
    public async Task ValuesBeyondDotNetsRange_AreRead_AndTheTransactionCommitsOnce()
    {
        var farDate = new BoltDate(2_932_897); // date('10000-01-01')
        var yearMinusOne = new BoltDateTime(-719_893L * 86_400, 0, 0); // datetime('-0001-01-01T00:00Z')
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Begin).Success()
            .Expect(Run).Success(Fields("far", "past"))
            .Expect(Pull).Record(farDate, yearMinusOne).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:1" })
            .Start();
        await using var driver = new BoltDriver(server.Address, Auth);

        var record = await driver.WriteTransactionAsync(async (connection, ct) =>
            (await connection.ExecuteAsync("RETURN date('10000-01-01') AS far, datetime('-0001-01-01T00:00Z') AS past", null, ct)).Records.Single(), Ct);
        await driver.DisposeAsync();
        await server.Completion;

        Assert.Equal(farDate, record["far"]);
        Assert.Equal(yearMinusOne, record["past"]);
        Assert.Equal(1, server.Received.Count(m => m.Tag == Commit));
    }

    [Fact]
    public async Task CancelledRead_ClosesTheConnection()
    {
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Run).Expect(Pull).Pause(TimeSpan.FromSeconds(3)).Success(Fields("x"))
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.RunAsync("RETURN 1 AS x", null, soon.Token));

        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task ResultLeftUnread_ClosesTheConnection()
    {
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Run).Success(Fields("n"))
            .Expect(Pull).Record(1L).Success(new() { ["has_more"] = true })
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        var result = await connection.RunAsync("UNWIND range(1, 10) AS n RETURN n", null, Ct, fetchSize: 1);
        await foreach (var record in result.WithCancellation(Ct))
        {
            Assert.Equal(1L, record["n"]);
            break;
        }

        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task FailedBegin_ReadsTheIgnoredReplies_ThenResets()
    {
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 4).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Begin).Failure("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist.")
            .Expect(Run).Ignored()
            .Expect(Pull).Ignored()
            .Expect(Reset).Success()
            .Expect(Run).Success(Fields("x")).Expect(Pull).Record(7L).Success()
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        await connection.BeginAsync(Ct, database: "nosuch");
        var error = await Assert.ThrowsAsync<BoltException>(() => connection.RunAsync("RETURN 1 AS x", null, Ct));
        var (records, _) = await connection.ExecuteAsync("RETURN 7 AS x", null, Ct);

        Assert.Equal("Neo.ClientError.Database.DatabaseNotFound", error.Code);
        Assert.Equal("BEGIN", error.Request);
        Assert.Equal(7L, records.Single()["x"]);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Bolt57Failure_IsReadFromItsGqlShape()
    {
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 8).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Run).Send(0x7F, new Dictionary<string, object?>
            {
                ["gql_status"] = "42001", ["description"] = "error: syntax error or access rule violation - invalid syntax",
                ["message"] = "Invalid input 'RETRUN'", ["neo4j_code"] = "Neo.ClientError.Statement.SyntaxError",
                ["diagnostic_record"] = new Dictionary<string, object?> { ["OPERATION"] = "", ["CURRENT_SCHEMA"] = "/" },
            })
            .Expect(Pull).Ignored()
            .Expect(Reset).Success()
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);

        var error = await Assert.ThrowsAsync<BoltException>(() => connection.RunAsync("RETRUN 1", null, Ct));

        Assert.Equal((5, 8), connection.Version);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Equal("42001", error.GqlStatus);
        Assert.Contains("Invalid input 'RETRUN'", error.Message);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Pipelining_SendsHelloAndLogon_RunAndPull_BeginRunAndPull_InOneWriteEach()
    {
        await using var server = new ScriptedBoltServer()
            .Handshake(5, 8).Expect(Hello).Success().Expect(Logon).Success()
            .Expect(Run).Success(Fields("x")).Expect(Pull).Record(1L).Success()
            .Expect(Begin).Success().Expect(Run).Success(Fields("x")).Expect(Pull).Record(2L).Success()
            .Expect(Commit).Success(new() { ["bookmark"] = "FB:9" })
            .Start();
        await using var connection = await BoltConnection.OpenAsync(server.Address, Auth, Ct);
        var afterLogin = connection.Writes;

        await connection.ExecuteAsync("RETURN 1 AS x", null, Ct);
        var afterRun = connection.Writes;
        await connection.BeginAsync(Ct);
        await connection.ExecuteAsync("RETURN 2 AS x", null, Ct);
        var afterTransactionRun = connection.Writes;
        await connection.CommitAsync(Ct);

        Assert.Equal(1, afterLogin);
        Assert.Equal(1, afterRun - afterLogin);
        Assert.Equal(1, afterTransactionRun - afterRun);
        Assert.Equal(3, connection.Writes - 1);
        Assert.DoesNotContain(server.Received, m => m.Tag == Goodbye);
    }

    [Fact]
    public async Task Bolt44_AsksForUtcDateTimes_AndUsesThemWhenTheServerAgrees()
    {
        await using var agrees = new ScriptedBoltServer().Handshake(4, 4)
            .Expect(Hello).Success(new() { ["patch_bolt"] = new List<object?> { "utc" } }).Start();
        await using var refuses = new ScriptedBoltServer().Handshake(4, 4).Expect(Hello).Success().Start();

        await using var patched = await BoltConnection.OpenAsync(agrees.Address, Auth, Ct);
        await using var legacy = await BoltConnection.OpenAsync(refuses.Address, Auth, Ct);

        Assert.True(patched.Utc);
        Assert.False(legacy.Utc);
    }
}
