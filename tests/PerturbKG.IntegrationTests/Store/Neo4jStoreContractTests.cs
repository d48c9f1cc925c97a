using PerturbKG.Store;
using PerturbKG.Store.Bolt;
using PerturbKG.Store.Neo4j;

namespace PerturbKG.IntegrationTests.Store;

/// <summary>
/// The store contract on a real Neo4j 5 (26 or later): runs when NEO4J_URI is set (with NEO4J_USER/NEO4J_PASSWORD),
/// skips with the reason otherwise. The database is emptied before each test, so it must be a throwaway one: the suite
/// refuses to empty a database holding data it did not leave there itself.
/// </summary>
public sealed class Neo4jStoreContractTests : StoreContract
{
    protected override async Task<IGraphStore> OpenEmptyAsync()
    {
        var uri = Environment.GetEnvironmentVariable("NEO4J_URI");
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Skip("NEO4J_URI is not set; to run the store contract on Neo4j: docker compose up -d neo4j, then " +
                "NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... dotnet test --filter Neo4jStoreContract");
        }

        await using (var connection = await BoltConnection.OpenAsync(BoltAddress.Parse(uri), BoltAuth.FromEnvironment(), Ct))
        {
            var (records, _) = await connection.ExecuteAsync(File("contract-foreign-data"), null, Ct);
            if (records[0][0] is true)
            {
                throw new InvalidOperationException(
                    $"The database at {uri} holds data the contract suite did not put there; point NEO4J_URI at an empty database.");
            }

            foreach (var statement in File("contract-empty").Split(";\n").Select(s => s.Trim().TrimEnd(';')).Where(s => s.Length > 0))
            {
                await connection.ExecuteAsync(statement, null, Ct);
            }
        }

        return await Neo4jGraphStore.OpenAsync(StoreLocation.Parse(uri), Ct);
    }

    private static string File(string name) =>
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Store", name + ".cypher"));
}
