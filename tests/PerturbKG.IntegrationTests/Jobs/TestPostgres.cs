using Npgsql;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>
/// A fresh database on the PostgreSQL that <c>.ci/run</c> starts (PERTURBKG_TEST_POSTGRES), dropped afterwards.
/// Without that variable the test skips with a reason, except in CI, where it fails.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private readonly string _server;

    private TestPostgres(string server, string name)
    {
        _server = server;
        Name = name;
        Database = new JobDatabase(JobDatabaseKind.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ToString());
    }

    public string Name { get; }

    public JobDatabase Database { get; }

    public static async Task<TestPostgres> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("PERTURBKG_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            const string reason = "PERTURBKG_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL and sets it)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason + "; CI must have it.");
            }

            Assert.Skip(reason);
        }

        var name = $"pk_{Guid.NewGuid():N}"[..20];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new TestPostgres(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
