using PerturbKG.Ingest.Lincs.Gct;
using PerturbKG.Ingest.Text;

namespace PerturbKG.UnitTests.Lincs;

public sealed class GctReaderTests
{
    [Fact]
    public void Open_ReadsVersion12_WithNameAndDescriptionColumns()
    {
        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("m.gct", "#1.2\n2\t3\nName\tDescription\ts1\ts2\ts3\ng1\tdesc\t1\t2\t3\ng2\tdesc\t4\tNA\t6\n"));
        using var gct = GctReader.Open(file);

        Assert.Equal(("1.2", 2, 3), (gct.Version, gct.RowCount, gct.ColumnCount));
        Assert.Equal(["s1", "s2", "s3"], gct.ColumnIds);
        Assert.True(gct.ReadRow());
        Assert.Equal("g1", gct.RowId);
        Assert.True(gct.TryGetValue(2, out var v) && v == 3f);
        Assert.True(gct.ReadRow());
        Assert.False(gct.TryGetValue(1, out _));
        Assert.False(gct.ReadRow());
    }

    [Fact]
    public void Open_ReadsVersion13_ColumnMetadata()
    {
        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("m.gct",
            "#1.3\n1\t2\t1\t2\nid\tpr_gene_id\ts1\ts2\ncell_id\tna\tA549\tMCF7\npert_idose\tna\t10 <b5>M\t1 µM\ng1\t5720\t0.5\t-0.5\n"));
        using var gct = GctReader.Open(file);

        Assert.Equal(["A549", "MCF7"], gct.ColumnMetadata["cell_id"]);
        Assert.True(gct.ReadRow());
        Assert.Equal("5720", gct.RowMeta("pr_gene_id"));
    }

    [Fact]
    public void Open_QuotesAtMost60CharactersOfAForeignFirstLine()
    {
        using var dir = new TempDirectory();
        var secret = "ADMIN_TOKEN=" + new string('s', 200) + "\u0001";
        using var file = InputFile.Open(dir.Write("environ", secret + "\nPATH=/usr/bin\n"));

        var e = Assert.Throws<InvalidInputException>(() => GctReader.Open(file));

        Assert.Contains("is not a GCT version line", e.Message);
        Assert.Contains("'ADMIN_TOKEN=" + new string('s', 48) + "…' (213 characters)", e.Message);
        Assert.DoesNotContain(new string('s', 49), e.Message);
        Assert.DoesNotContain("PATH", e.Message);
    }

    [Fact]
    public void Quote_ShowsControlCharactersAsQuestionMarks_AndShortFieldsWhole() =>
        Assert.Equal("'a?b'", FieldText.Quote("a\u0000b"));

    [Fact]
    public void Open_Throws_WhenHeaderWidthDisagreesWithDimensions()
    {
        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("m.gct", "#1.3\n1\t3\t1\t0\nid\tpr_gene_id\ts1\ts2\ng1\t1\t0\t0\n"));

        var error = Assert.Throws<InvalidInputException>(() => GctReader.Open(file));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void ReadRow_Throws_WhenDataRowIsShort()
    {
        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("m.gct", "#1.2\n2\t2\nName\tDescription\ts1\ts2\ng1\td\t1\t2\ng2\td\t1\n"));
        using var gct = GctReader.Open(file);
        gct.ReadRow();

        var error = Assert.Throws<InvalidInputException>(() => gct.ReadRow());

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Open_Throws_WhenVersionLineIsNotGct()
    {
        using var dir = new TempDirectory();
        using var file = InputFile.Open(dir.Write("m.gct", "id\ta\tb\n"));

        var error = Assert.Throws<InvalidInputException>(() => GctReader.Open(file));

        Assert.Equal(1, error.Line);
    }
}
