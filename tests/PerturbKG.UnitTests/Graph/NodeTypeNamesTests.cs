using PerturbKG.Ingest.Graph;
using PerturbKG.Store.Graph;

namespace PerturbKG.UnitTests.Graph;

public sealed class NodeTypeNamesTests
{
    [Theory]
    [InlineData("Compound", NodeTypes.Drug)]
    [InlineData("gene/protein", NodeTypes.Gene)]
    [InlineData("Biological Process", "BiologicalProcess")]
    [InlineData("Side Effect", "SideEffect")]
    [InlineData("Pharmacologic Class", "PharmacologicClass")]
    [InlineData("effect/phenotype", NodeTypes.Phenotype)]
    public void Canonical_GivesStoreLabel_ForSourceKinds(string kind, string expected) =>
        Assert.Equal(expected, NodeTypeNames.Canonical(kind));
}
