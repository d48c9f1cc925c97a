using PerturbKG.Model.Chemistry;
using PerturbKG.Tests;

namespace PerturbKG.UnitTests.Chemistry;

/// <summary>
/// Scaffolds and ECFP4 against RDKit 2022.09 on 600 LINCS compounds (../shared/data/chem): the bar is 99% identical
/// scaffold SMILES, 100% identical grouping and 99% bit-identical fingerprints; every tolerated failure is printed.
/// </summary>
public sealed class RdkitConformanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<List<(string Id, string Smiles, string Scaffold, int[] Bits)>> Reference = new(() =>
        File.ReadLines(SharedData.Path("chem/rdkit_reference_sample.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1], f[2], f[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()))
            .ToList());

    [Fact]
    public void Scaffolds_EqualRdkits_ForAtLeast99Percent_AndGroupTheSameWay()
    {
        var rows = Reference.Value;
        var ours = rows.Select(r => MurckoScaffold.Of(SmilesParser.Parse(r.Smiles)).Smiles).ToList();
        var different = rows.Zip(ours).Where(p => p.First.Scaffold != p.Second).ToList();
        foreach (var (row, mine) in different)
        {
            output.WriteLine($"tolerated: {row.Id} {row.Smiles}: RDKit '{row.Scaffold}', ours '{mine}'");
        }

        output.WriteLine($"{rows.Count - different.Count} of {rows.Count} scaffold SMILES identical to RDKit's");
        Assert.Equal(600, rows.Count);
        Assert.True(different.Count <= rows.Count / 100, $"{different.Count} scaffolds differ from RDKit's");

        // Same grouping: two compounds share our scaffold exactly when they share RDKit's.
        var oursToTheirs = new Dictionary<string, string>();
        var theirsToOurs = new Dictionary<string, string>();
        foreach (var (row, mine) in rows.Zip(ours))
        {
            Assert.Equal(oursToTheirs.GetValueOrDefault(mine, row.Scaffold), row.Scaffold);
            Assert.Equal(theirsToOurs.GetValueOrDefault(row.Scaffold, mine), mine);
            oursToTheirs[mine] = row.Scaffold;
            theirsToOurs[row.Scaffold] = mine;
        }
    }

    [Fact]
    public void Ecfp4_IsBitIdenticalToRdkits_ForAtLeast99Percent()
    {
        var rows = Reference.Value;
        var different = 0;
        foreach (var row in rows)
        {
            var bits = MorganFingerprint.OnBits(SmilesParser.Parse(row.Smiles));
            if (!bits.SequenceEqual(row.Bits))
            {
                different++;
                output.WriteLine($"tolerated: {row.Id} {row.Smiles}: missing [{string.Join(',', row.Bits.Except(bits))}], extra [{string.Join(',', bits.Except(row.Bits))}]");
            }
        }

        output.WriteLine($"{rows.Count - different} of {rows.Count} fingerprints bit-identical to RDKit's");
        Assert.True(different <= rows.Count / 100, $"{different} fingerprints differ from RDKit's");
    }

    [Fact]
    public void CanonicalSmiles_DoesNotDependOnAtomOrder()
    {
        var random = new Random(11);
        foreach (var row in Reference.Value)
        {
            var molecule = SmilesParser.Parse(row.Smiles);
            var canonical = SmilesWriter.Canonical(molecule);
            for (var trial = 0; trial < 3; trial++)
            {
                Assert.Equal(canonical, SmilesWriter.Canonical(Shuffled(molecule, random)));
            }

            Assert.Equal(canonical, SmilesWriter.Canonical(canonical));
        }
    }

    // The same molecule with its atoms and bonds numbered in a random order.
    private static Molecule Shuffled(Molecule m, Random random)
    {
        var permutation = Enumerable.Range(0, m.Atoms.Count).OrderBy(_ => random.Next()).ToArray();
        var atoms = new Atom[m.Atoms.Count];
        for (var i = 0; i < permutation.Length; i++)
        {
            atoms[permutation[i]] = m.Atoms[i];
        }

        var bonds = m.Bonds.Select(b => random.Next(2) == 0 ? b with { A = permutation[b.A], B = permutation[b.B] } : b with { A = permutation[b.B], B = permutation[b.A] })
            .OrderBy(_ => random.Next()).ToList();
        return new Molecule(atoms, bonds);
    }
}
