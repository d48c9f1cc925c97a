using PerturbKG.Store;

namespace PerturbKG.UnitTests.Store;

public sealed class StoreLocationTests
{
    [Fact]
    public void Parse_GivesSqliteWithFullPath_ForSqlitePrefix()
    {
        var location = StoreLocation.Parse("sqlite:data/kg.db");

        Assert.Equal(StoreKind.Sqlite, location.Kind);
        Assert.Equal(Path.GetFullPath("data/kg.db"), location.Target);
        Assert.Equal($"sqlite:{Path.GetFullPath("data/kg.db")}", location.ToString());
    }

    [Theory]
    [InlineData("bolt://localhost:7687")]
    [InlineData("neo4j+s://graph.example.org:7687")]
    public void Parse_GivesNeo4j_ForBoltAndNeo4jSchemes(string value) =>
        Assert.Equal(StoreKind.Neo4j, StoreLocation.Parse(value).Kind);

    [Theory]
    [InlineData("postgres://x")]
    [InlineData("sqlite:")]
    public void Parse_Throws_ForUnknownOrEmptyStores(string value) =>
        Assert.Throws<FormatException>(() => StoreLocation.Parse(value));
}
