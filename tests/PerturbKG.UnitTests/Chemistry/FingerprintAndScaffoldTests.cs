using PerturbKG.Ingest.Synthetic;
using PerturbKG.Model;
using PerturbKG.Model.Chemistry;

namespace PerturbKG.UnitTests.Chemistry;

public sealed class FingerprintAndScaffoldTests
{
    [Fact]
    public void Ecfp4_IsTheSame_WhateverOrderTheAtomsAreWrittenIn()
    {
        Assert.Equal(MorganFingerprint.Ecfp4("OCC"), MorganFingerprint.Ecfp4("CCO"));
        Assert.Equal(MorganFingerprint.Ecfp4("c1ccccc1O"), MorganFingerprint.Ecfp4("Oc1ccccc1"));
    }

    [Fact]
    public void Ecfp4_Differs_BetweenDifferentMolecules_AndHasTwoThousandFortyEightBits()
    {
        var ethanol = MorganFingerprint.Ecfp4("CCO");
        var methanol = MorganFingerprint.Ecfp4("CO");
        var aspirin = MorganFingerprint.Ecfp4("CC(=O)Oc1ccccc1C(=O)O");

        Assert.Equal(2048, aspirin.Length);
        Assert.NotEqual(ethanol, methanol);
        Assert.InRange(aspirin.Sum(), 15, 40);
        Assert.All(aspirin, b => Assert.True(b is 0f or 1f));
    }

    [Fact]
    public void Scaffold_OfAspirinAndIbuprofen_IsBenzene()
    {
        var benzene = MurckoScaffold.Of("c1ccccc1").Key;

        Assert.Equal(benzene, MurckoScaffold.Of("CC(=O)Oc1ccccc1C(=O)O").Key);
        Assert.Equal(benzene, MurckoScaffold.Of("CC(C)Cc1ccc(cc1)C(C)C(=O)O").Key);
        Assert.NotEqual(benzene, MurckoScaffold.Of("c1ccncc1").Key);
    }

    [Fact]
    public void Scaffold_KeepsLinkers_AndIgnoresWritingOrder()
    {
        var a = MurckoScaffold.Of("c1ccc(cc1)Cc1ccncc1CCC");
        var b = MurckoScaffold.Of("n1ccc(cc1)Cc1ccccc1");

        Assert.Equal(a.Key, b.Key);
        Assert.Equal(13, SmilesParser.Parse(a.Smiles).Atoms.Count);
    }

    [Fact]
    public void Scaffold_KeepsExocyclicDoubleBondedAtoms_AndMarksAnAromaticNitrogenThatLostItsSubstituent()
    {
        Assert.Equal("O=C1CCCCO1", MurckoScaffold.Of("CC1CCCC(=O)O1").Smiles); // the lactone's =O stays
        Assert.Equal("O=C1CCCCC1", MurckoScaffold.Of("CCC1CCCCC1=O").Smiles);
        Assert.NotEqual(MurckoScaffold.Of("O=C1CCCCC1").Key, MurckoScaffold.Of("C1CCCCC1").Key);
        Assert.Equal("c1cc[nH]c1", MurckoScaffold.Of("Cn1cccc1").Smiles);
        Assert.Equal("c1ccc(Cc2ccccc2)cc1", MurckoScaffold.Of("OCc1ccc(Cc2ccccc2)cc1").Smiles);
    }

    [Fact]
    public void Fingerprint_HasRdkitsBits_ForSmallMolecules()
    {
        // RDKit 2022.09 GetMorganFingerprintAsBitVect(m, 2, nBits=2048): benzene sets bits 389, 1088 and 1873.
        Assert.Equal([389, 1088, 1873], MorganFingerprint.OnBits(SmilesParser.Parse("c1ccccc1")));
        Assert.Equal(MorganFingerprint.OnBits(SmilesParser.Parse("c1ccccc1")), MorganFingerprint.OnBits(SmilesParser.Parse("C1=CC=CC=C1")));
        var counts = MorganFingerprint.Counts(SmilesParser.Parse("c1ccccc1"));
        Assert.Equal(18, counts.Sum()); // 6 atoms × radius 0, 1, 2: no two atoms of benzene share an environment
        Assert.Equal(6, counts[1088]); // … and the six radius-0 identifiers are one
    }

    [Fact]
    public void Scaffold_IsEmpty_ForAcyclicMolecules()
    {
        Assert.True(MurckoScaffold.Of("CCCCC(=O)O").IsEmpty);
    }

    [Fact]
    public void GeneratedDrugs_Parse_AndShareAScaffoldWhenTheGeneratorSaysSo()
    {
        var random = new DeterministicRandom(21);
        var keysByGeneratorScaffold = new Dictionary<string, HashSet<string>>();
        for (var i = 0; i < 1_000; i++)
        {
            var (smiles, generatorKey) = SmilesAssembler.Assemble(random);
            var scaffold = MurckoScaffold.Of(smiles);
            Assert.False(scaffold.IsEmpty);
            Assert.Equal(scaffold.Key, MurckoScaffold.Of(scaffold.Smiles).Key);
            if (!keysByGeneratorScaffold.TryGetValue(generatorKey, out var keys))
            {
                keysByGeneratorScaffold[generatorKey] = keys = [];
            }

            keys.Add(scaffold.Key);
        }

        Assert.All(keysByGeneratorScaffold.Values, keys => Assert.Single(keys));
    }
}
