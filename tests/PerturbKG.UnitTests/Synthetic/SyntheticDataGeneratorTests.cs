using System.Security.Cryptography;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.UnitTests.Synthetic;

public sealed class SyntheticDataGeneratorTests
{
    [Fact]
    public void Generate_WritesIdenticalFiles_WhenScaleAndSeedRepeat()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var generator = new SyntheticDataGenerator();

        generator.Generate(first.Path, GeneratorScale.Tiny, 7);
        generator.Generate(second.Path, GeneratorScale.Tiny, 7);

        var a = Hashes(first.Path);
        var b = Hashes(second.Path);
        Assert.Equal(14, a.Count); // kg.csv, 3 node files, 2 embeddings, 7 LINCS files, generator.json
        Assert.Equal(a, b);
    }

    [Fact]
    public void Generate_WritesDifferentData_WhenSeedDiffers()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var generator = new SyntheticDataGenerator();

        generator.Generate(first.Path, GeneratorScale.Tiny, 1);
        generator.Generate(second.Path, GeneratorScale.Tiny, 2);

        Assert.NotEqual(Hashes(first.Path)["kg.csv"], Hashes(second.Path)["kg.csv"]);
    }

    [Fact]
    public void Generate_WritesPrimeKgHeaderAndBothDirections_ForEveryEdge()
    {
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.Path, GeneratorScale.Tiny, 3);

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "kg.csv"));

        Assert.Equal("relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,y_source", lines[0]);
        Assert.Equal(data.KgRows, lines.Length - 1);
        Assert.Equal((data.Edges * 2) + ScaleProfile.For(GeneratorScale.Tiny).DuplicateRows, data.KgRows);
    }

    [Fact]
    public void PrimeKgProfile_MatchesPrimeKgNodeAndRowCounts()
    {
        var profile = ScaleProfile.For(GeneratorScale.PrimeKg);

        Assert.Equal(129_375, profile.NodeCount);
        Assert.Equal(8_100_498, (profile.EdgeCount * 2) + profile.DuplicateRows);
    }

    private static Dictionary<string, string> Hashes(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
