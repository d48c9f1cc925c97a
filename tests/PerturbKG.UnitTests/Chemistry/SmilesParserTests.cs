using PerturbKG.Model.Chemistry;

namespace PerturbKG.UnitTests.Chemistry;

public sealed class SmilesParserTests
{
    [Fact]
    public void Parse_ReadsBenzene_AsSixAromaticCarbonsWithOneHydrogenEach()
    {
        var benzene = SmilesParser.Parse("c1ccccc1");

        Assert.Equal(6, benzene.Atoms.Count);
        Assert.Equal(6, benzene.Bonds.Count);
        Assert.All(benzene.Atoms, a => Assert.Equal(("C", true, 1), (a.Element, a.Aromatic, a.Hydrogens)));
        Assert.All(benzene.Bonds, b => Assert.True(b.Aromatic));
        Assert.Equal(3, benzene.Bonds.Count(b => b.Order == 2)); // one Kekulé form: alternating double bonds
        Assert.All(Enumerable.Range(0, 6), a => Assert.True(benzene.InRing(a)));
    }

    [Theory]
    [InlineData("C1=CC=CC=C1", "c1ccccc1")]
    [InlineData("O=C1C=CC=CN1", "O=c1cccc[nH]1")]
    [InlineData("CN1C=CC=C1", "Cn1cccc1")]
    [InlineData("C1=CC=C2C=CC=CC2=C1", "c1ccc2ccccc2c1")]
    [InlineData("C1=CCC=C1", "C1=CCC=C1")]
    [InlineData("[H]OC([H])([H])C", "CCO")]
    public void Parse_PerceivesAromaticity_FromAKekuleForm_AsRdkitDoes(string kekule, string canonical)
    {
        Assert.Equal(canonical, SmilesWriter.Canonical(kekule));
    }

    [Fact]
    public void Parse_KeepsAnAromaticSystemWithNoKekuleForm_AsWritten()
    {
        var pyrroleWithoutItsH = SmilesParser.Parse("c1ccnc1");

        Assert.False(pyrroleWithoutItsH.Kekulized);
        Assert.All(pyrroleWithoutItsH.Atoms, a => Assert.True(a.Aromatic));
        Assert.True(SmilesParser.Parse("c1cc[nH]c1").Kekulized);
    }

    [Fact]
    public void Parse_FillsImplicitHydrogens_ForAceticAcid()
    {
        var acid = SmilesParser.Parse("CC(=O)O");

        Assert.Equal([3, 0, 0, 1], acid.Atoms.Select(a => a.Hydrogens));
        Assert.Equal([1, 2, 1], acid.Bonds.Select(b => b.Order));
        Assert.All(Enumerable.Range(0, 4), a => Assert.False(acid.InRing(a)));
    }

    [Fact]
    public void Parse_ReadsBracketAtoms_WithHydrogensChargeIsotopeAndClass()
    {
        var molecule = SmilesParser.Parse("[nH]1cccc1.[13CH3][N+](C)(C)C.[O-:2]");

        Assert.Equal(1, molecule.Atoms[0].Hydrogens);
        Assert.True(molecule.Atoms[0].Aromatic);
        Assert.Equal((13, 3), (molecule.Atoms[5].Isotope, molecule.Atoms[5].Hydrogens));
        Assert.Equal(1, molecule.Atoms[6].Charge);
        Assert.Equal(-1, molecule.Atoms[^1].Charge);
    }

    [Fact]
    public void Parse_ClosesTwoDigitRings_AndIgnoresStereo()
    {
        var molecule = SmilesParser.Parse("C%10CC/C=C\\CC%10[C@@H](F)Cl");

        Assert.Equal(7, molecule.Atoms.Take(7).Count(a => a.Element == "C"));
        Assert.Contains(molecule.Bonds, b => (b.A, b.B) == (0, 6));
        Assert.Equal(2, molecule.Bonds.Single(b => (b.A, b.B) == (3, 4)).Order);
    }

    [Theory]
    [InlineData("C1CC", 2, "ring bond 1 is never closed")]
    [InlineData("CC(C", 3, "'(' is never closed")]
    [InlineData("CC)C", 3, "')' closes no branch")]
    [InlineData("CC=", 3, "joins nothing")]
    [InlineData("C[Xx]C", 3, "unknown element 'Xx'")]
    [InlineData("CCQ", 3, "unexpected 'Q'")]
    [InlineData("C[CH3", 2, "'[' is never closed")]
    [InlineData("", 1, "empty")]
    [InlineData("C$C", 2, "quadruple bonds")]
    public void Parse_NamesThePositionOfTheError(string smiles, int position, string problem)
    {
        var error = Assert.Throws<SmilesException>(() => SmilesParser.Parse(smiles));

        Assert.Equal(position, error.Position);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Largest_KeepsTheBiggestFragment_OfASalt()
    {
        var salt = SmilesParser.Parse("[Na+].CC(=O)[O-]");

        var largest = Fragments.Largest(salt);

        Assert.Equal(4, largest.Atoms.Count);
        Assert.DoesNotContain(largest.Atoms, a => a.Element == "Na");
    }
}
