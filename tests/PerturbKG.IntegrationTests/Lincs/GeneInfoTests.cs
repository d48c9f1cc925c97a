using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Text;

namespace PerturbKG.IntegrationTests.Lincs;

public sealed class GeneInfoTests
{
    [Fact]
    public void Read_YieldsExactly978Landmarks_FromClueGeneInfo()
    {
        using var file = InputFile.Open(SharedData.Path("lincs/info/geneinfo.tsv.gz"));

        var landmarks = GeneInfoReader.Read(file);

        Assert.Equal(978, landmarks.Count);
        Assert.Equal(978, landmarks.Genes.Select(g => g.Entrez).Distinct().Count());
        Assert.True(landmarks.TryResolve("PSME1", out var bySymbol));
        Assert.True(landmarks.TryResolve("5720", out var byEntrez));
        Assert.True(landmarks.TryResolve("200814_at", out var byProbe));
        Assert.Equal(bySymbol, byEntrez);
        Assert.Equal(bySymbol, byProbe);
    }

    [Fact]
    public void Read_GivesTheSameGenes_FromGeneInfoAndTheTwo978GeneLists()
    {
        using var clue = InputFile.Open(SharedData.Path("lincs/info/geneinfo.tsv.gz"));
        using var prnet = InputFile.Open(SharedData.Path("lincs/prnet_ht115/genes.tsv"));
        using var transigen = InputFile.Open(SharedData.Path("lincs/paired/genes.tsv"));

        var expected = GeneInfoReader.Read(clue).Genes.Select(g => g.Entrez).Order().ToList();

        Assert.Equal(expected, GeneInfoReader.Read(prnet).Genes.Select(g => g.Entrez).Order());
        Assert.Equal(expected, GeneInfoReader.Read(transigen).Genes.Select(g => g.Entrez).Order());
    }
}
