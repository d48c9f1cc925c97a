namespace PerturbKG.IntegrationTests.Cli;

/// <summary><c>perturbkg chem</c>: scaffolds, canonical SMILES and fingerprints as TSV, from arguments or a file.</summary>
public sealed class ChemCommandTests
{
    [Fact]
    public async Task Scaffold_WritesOneRowPerSmiles_AndAnUnreadableOneAsAnErrorWithItsPosition()
    {
        var (code, output) = await CliHarness.RunAsync("chem", "scaffold", "CC(=O)Oc1ccccc1C(=O)O", "CCCC(=O)O", "C1CC");

        var rows = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r').Split('\t')).ToList();
        Assert.Equal(["smiles", "scaffold", "error"], rows[0]);
        Assert.Equal(["CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", string.Empty], rows[1]);
        Assert.Equal(["CCCC(=O)O", string.Empty, string.Empty], rows[2]); // acyclic: the empty scaffold
        Assert.Equal("argument 3: ring bond 1 is never closed at position 2", rows[3][2]);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Canonical_ReadsAColumnOfATable_AndKeepsTheOtherColumns()
    {
        using var dir = new TempDirectory();
        var table = dir.File("compounds.tsv");
        await File.WriteAllTextAsync(table, "id\tstructure\tnote\nA\tC1=CC=CC=C1\tbenzene, Kekulé\nB\tOCC\tethanol\n", TestContext.Current.CancellationToken);

        var (code, output) = await CliHarness.RunAsync("chem", "canonical", "--in", table, "--column", "structure");

        Assert.Equal(0, code);
        Assert.Equal(
            ["id\tnote\tsmiles\tcanonical\terror", "A\tbenzene, Kekulé\tC1=CC=CC=C1\tc1ccccc1\t", "B\tethanol\tOCC\tCCO\t"],
            output.TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Fingerprint_GivesRdkitsBits_AndCountsWhenAsked()
    {
        var (_, bits) = await CliHarness.RunAsync("chem", "fingerprint", "c1ccccc1");
        var (_, counts) = await CliHarness.RunAsync("chem", "fingerprint", "c1ccccc1", "--counts");

        Assert.Contains("c1ccccc1\t389,1088,1873\t", bits, StringComparison.Ordinal);
        Assert.Contains("c1ccccc1\t389:6,1088:6,1873:6\t", counts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingColumn_IsAnErrorNamingTheFileAndItsHeader()
    {
        using var dir = new TempDirectory();
        var table = dir.File("compounds.csv");
        await File.WriteAllTextAsync(table, "id,smi\nA,CCO\n", TestContext.Current.CancellationToken);

        var (code, output) = await CliHarness.RunAsync("chem", "scaffold", "--in", table, "--column", "smiles");

        Assert.Equal(1, code);
        Assert.Contains($"{table}:1: no SMILES column: expected one of smiles; found id, smi", output, StringComparison.Ordinal);
    }
}
