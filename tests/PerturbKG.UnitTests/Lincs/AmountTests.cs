using PerturbKG.Ingest.Lincs;

namespace PerturbKG.UnitTests.Lincs;

public sealed class AmountTests
{
    [Theory]
    [InlineData("10 µM", 10.0, "µM")]
    [InlineData("10 <b5>M", 10.0, "µM")]
    [InlineData("0.625 uM", 0.625, "µM")]
    [InlineData("3 \u03bcM", 3.0, "µM")]
    [InlineData("500 nM", 500.0, "nM")]
    [InlineData("6 h", 6.0, "h")]
    [InlineData("24 hrs", 24.0, "h")]
    public void Parse_ReadsValueAndUnit_FromLincsSpellings(string text, double value, string unit) =>
        Assert.Equal(new Amount(value, unit), Amount.Parse(text));

    [Theory]
    [InlineData("-666")]
    [InlineData("")]
    [InlineData("na")]
    [InlineData(null)]
    public void Parse_GivesNone_ForMissingValues(string? text) => Assert.Equal(Amount.None, Amount.Parse(text));

    [Fact]
    public void Combine_TakesUnitFromItsOwnColumn_WhenBetaSiginfoSplitsThem() =>
        Assert.Equal(new Amount(88.8, "µM"), Amount.Combine("88.8", "um"));
}
