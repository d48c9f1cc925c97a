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
