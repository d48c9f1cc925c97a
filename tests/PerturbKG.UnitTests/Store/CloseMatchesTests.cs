using PerturbKG.Store.Predictions;

namespace PerturbKG.UnitTests.Store;

public sealed class CloseMatchesTests
{
    [Fact]
    public void Among_OffersNamesWithinAFewEdits_OrContainingTheText_BestFirst()
    {
        var names = new[] { "Imatinib", "Nilotinib", "Dasatinib", "Aspirin", "Imatinib mesylate" };

        Assert.Equal(["Imatinib", "Imatinib mesylate"], CloseMatches.Among("imatinib", names));
        Assert.Equal(["Imatinib"], CloseMatches.Among("Imatinb", names));
        Assert.Empty(CloseMatches.Among("zzzzzz", names));
    }

    [Fact]
    public void Bind_FillsDefaults_AndRejectsUnknownOrMissingParameters()
    {
        var query = NamedQueries.Get("drugs-for-gene");

        var bound = query.Bind(new Dictionary<string, string> { ["gene"] = "TP53", ["cell"] = "MCF7" });

        Assert.Equal("up", bound["direction"]);
        Assert.Equal("20", bound["limit"]);
        Assert.False(bound.ContainsKey("run"));
        Assert.Contains("needs --param cell", Assert.Throws<ArgumentException>(() => query.Bind(new Dictionary<string, string> { ["gene"] = "TP53" })).Message, StringComparison.Ordinal);
        Assert.Contains("no parameter dose", Assert.Throws<ArgumentException>(() => query.Bind(new Dictionary<string, string> { ["gene"] = "g", ["cell"] = "c", ["dose"] = "1" })).Message, StringComparison.Ordinal);
        Assert.Contains("direction must be up or down", Assert.Throws<ArgumentException>(() => query.Bind(new Dictionary<string, string> { ["gene"] = "g", ["cell"] = "c", ["direction"] = "sideways" })).Message, StringComparison.Ordinal);
        Assert.Throws<NotFoundException>(() => NamedQueries.Get("top-gene"));
    }
}
