using System.IO.Compression;
using System.Security.Cryptography;
using PerturbKG.Ingest.Text;

namespace PerturbKG.UnitTests.Text;

public sealed class InputFileTests
{
    [Fact]
    public void Sha256_EqualsHashOfBytesOnDisk_WhenFileIsGzipped()
    {
        using var dir = new TempDirectory();
        var path = WriteGzip(dir.File("rows.tsv.gz"), Rows(5_000));
        using var file = InputFile.Open(path);
        using var reader = new StreamReader(file.Content);

        var text = reader.ReadToEnd();

        Assert.Equal(Rows(5_000), text);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), file.Sha256());
    }

    [Fact]
    public void Content_ThrowsNamingTheFile_WhenGzipIsTruncated()
    {
        using var dir = new TempDirectory();
        var path = WriteGzip(dir.File("rows.tsv.gz"), Rows(50_000));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        using var file = InputFile.Open(path);
        using var reader = new StreamReader(file.Content);

        var error = Assert.Throws<InvalidInputException>(() => reader.ReadToEnd());

        Assert.Equal(path, error.File);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ThrowsNamingTheFile_WhenFileIsMissing()
    {
        var error = Assert.Throws<InvalidInputException>(() => InputFile.Open("/no/such/kg.csv"));

        Assert.Equal("/no/such/kg.csv: file not found", error.Message);
    }

    private static string Rows(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"{i}\tvalue {i * 7}\n"));

    private static string WriteGzip(string path, string text)
    {
        using var stream = File.Create(path);
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip);
        writer.Write(text);
        return path;
    }
}
