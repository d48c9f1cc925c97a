using System.Text;
using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Text;

namespace PerturbKG.UnitTests.Lincs;

public sealed class GeneInfoReaderTests
{
    [Fact]
    public void Read_UsesFeatureSpace_WhenBetaGeneInfo()
    {
        var set = Read("gene_id\tgene_symbol\tfeature_space\n", i => $"{1000 + i}\tG{i}\t{(i < 978 ? "landmark" : "inferred")}\n", 1200);

        Assert.Equal(978, set.Count);
        Assert.True(set.TryResolve("1977", out var position));
        Assert.Equal(977, position);
        Assert.False(set.TryResolve("2000", out _));
    }

    [Fact]
    public void Read_PrefersEpsilonPool_OverIsLm_WhenClueExportHasBoth()
    {
        // clue.io marks more probes is_lm than the 978 measured landmarks; the epsilon pool is the measured set.
        var set = Read("pr_id\tpr_gene_id\tpr_gene_symbol\tis_lm\tpr_pool_id\n",
            i => $"{i}_at\t{1000 + i}\tG{i}\tTrue\t{(i % 2 == 0 && i < 1956 ? "epsilon|deltap" : "deltap")}\n", 2400);

        Assert.Equal(978, set.Count);
        Assert.True(set.TryFindProbe("4_at", out _));
        Assert.True(set.TryFindSymbol("g4", out _));
    }

    [Fact]
    public void Read_Throws_WhenLandmarkCountIsNot978()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            Read("pr_gene_id\tpr_gene_symbol\tpr_is_lm\n", i => $"{i}\tG{i}\t1\n", 977));

        Assert.Contains("977", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TakesEveryRow_WhenPlainGeneListHasNoFlag()
    {
        var set = Read("position\tgene_id\tgene_symbol\n", i => $"{978 - i}\t{5000 + i}\tS{i}\n", 978);

        Assert.Equal("5977", set.Genes[0].Entrez); // ordered by the position column
    }

    private static LandmarkGeneSet Read(string header, Func<int, string> row, int rows)
    {
        var text = new StringBuilder(header);
        for (var i = 0; i < rows; i++)
        {
            text.Append(row(i));
        }

        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("geneinfo.tsv", text.ToString()));
        return GeneInfoReader.Read(file);
    }
}
