using PerturbKG.Model;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.UnitTests.Synthetic;

public sealed class SmilesAssemblerTests
{
    [Fact]
    public void Assemble_ClosesEveryRingAndBranch_AcrossManyDrugs()
    {
        var random = new DeterministicRandom(11);
        for (var i = 0; i < 2_000; i++)
        {
            var (smiles, scaffold) = SmilesAssembler.Assemble(random);

            Assert.DoesNotContain("*", smiles, StringComparison.Ordinal);
            Assert.DoesNotContain("()", smiles, StringComparison.Ordinal);
            Assert.Equal(smiles.Count(c => c == '('), smiles.Count(c => c == ')'));
            Assert.Equal(smiles.Count(c => c == '['), smiles.Count(c => c == ']'));
            foreach (var digit in "129")
            {
                Assert.True(smiles.Count(c => c == digit) % 2 == 0, $"ring {digit} left open in {smiles}");
            }

            Assert.False(string.IsNullOrEmpty(scaffold));
        }
    }

    [Fact]
    public void Assemble_UsesMoreThanThirtyScaffolds() =>
        Assert.True(Enumerable.Range(0, 3_000).Select(_ => SmilesAssembler.Assemble(Random).ScaffoldKey).Distinct().Count() > 30);

    private static DeterministicRandom Random { get; } = new(5);
}
