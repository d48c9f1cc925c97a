using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Merge;
using PerturbKG.Store.Graph;

namespace PerturbKG.UnitTests.Merge;

public sealed class CompoundMatcherTests
{
    private static readonly StoredNode[] Drugs =
    [
        new(1, NodeTypes.Drug, "DB00945", "Acetylsalicylic acid"),
        new(2, NodeTypes.Drug, "DB01050", "Ibuprofen"),
        new(3, NodeTypes.Drug, "DB00316", "Acetaminophen"),
        new(4, NodeTypes.Drug, "DB99999", "acetaminophen"),
    ];

    private readonly CompoundMatcher _matcher = new(
        Drugs,
        new Dictionary<long, string> { [1] = "InChIKey=BSYNRYMUTXBXSQ-UHFFFAOYSA-N" },
        new Dictionary<long, string>());

    [Fact]
    public void Match_UsesInChIKeyFirst_EvenWhenNameAndDrugBankPointElsewhere()
    {
        var compound = new CompoundInfo("BRD-K00001", "ibuprofen", null, "BSYNRYMUTXBXSQ-UHFFFAOYSA-N", "DB01050", "trt_cp");

        Assert.Equal((1L, CompoundMatcher.ByInChIKey), _matcher.Match(compound));
    }

    [Fact]
    public void Match_UsesDrugBankId_WhenInChIKeyIsUnknown()
    {
        var compound = new CompoundInfo("BRD-K00002", "something else", null, "AAAAAAAAAAAAAA-BBBBBBBBBB-N", "DB01050", null);

        Assert.Equal((2L, CompoundMatcher.ByDrugBank), _matcher.Match(compound));
    }

    [Fact]
    public void Match_UsesNormalisedName_WhenNoKeyMatches()
    {
        var compound = new CompoundInfo("BRD-K00003", "IBU-PROFEN", null, null, null, null);

        Assert.Equal((2L, CompoundMatcher.ByName), _matcher.Match(compound));
    }

    [Fact]
    public void Match_RefusesAmbiguousName_WhenTwoDrugsShareIt()
    {
        var compound = new CompoundInfo("BRD-K00004", "Acetaminophen", null, null, null, null);

        Assert.Equal((null, CompoundMatcher.Unmatched), _matcher.Match(compound));
    }

    [Theory]
    [InlineData("Acetylsalicylic-Acid (USP)", "acetylsalicylicacidusp")]
    [InlineData("  5-FU ", "5fu")]
    public void NormalizeName_KeepsLowerCaseLettersAndDigits(string name, string expected) =>
        Assert.Equal(expected, CompoundMatcher.NormalizeName(name));
}
