using PerturbKG.Ingest;
using PerturbKG.Ingest.Lincs.Gct;
using PerturbKG.Ingest.Lincs.Gctx;
using PerturbKG.Ingest.Text;

namespace PerturbKG.IntegrationTests.Lincs;

/// <summary>cmapR's own GCT/GCTX fixtures: real LINCS level-5 signatures in both formats.</summary>
public sealed class CmapFixtureTests
{
    [Fact]
    public async Task Ingest_StoresTheSameMatrix_FromGctAndGctx()
    {
        using var dir = new TempDirectory();
        var geneInfo = SharedData.Path("lincs/info/geneinfo.tsv.gz");
        var fromGct = new StoreFile(dir.File("gct.db"));
        var fromGctx = new StoreFile(dir.File("gctx.db"));

        await fromGct.IngestAsync(new IngestOptions { GeneInfo = [geneInfo], Matrices = [SharedData.Path("lincs/cmapr/modzs_n272x978.gct")] });
        await fromGctx.IngestAsync(new IngestOptions { GeneInfo = [geneInfo], Matrices = [SharedData.Path("lincs/cmapr/modzs_n272x978.gctx")] });

        var a = fromGct.Vectors();
        var b = fromGctx.Vectors();
        Assert.Equal(272, a.Count);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (id, vector) in a)
        {
            Assert.Equal(978, vector.Length);
            var max = vector.Zip(b[id]).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(max <= 1e-4, $"{id}: GCT and GCTX differ by {max}");
        }

        const string metadata = "SELECT s.sig_id, d.key, c.key, s.dose, s.dose_unit, s.time, s.time_unit FROM signatures s " +
            "JOIN nodes d ON d.id = s.drug JOIN nodes c ON c.id = s.cell ORDER BY s.sig_id";
        var gctMeta = fromGct.Query(metadata, Row);
        Assert.Equal(gctMeta, fromGctx.Query(metadata, Row));
        Assert.Contains(("CPC006_A549_6H:BRD-U88459701-000-01-8:10", "BRD-U88459701", "A549", 10.0, "µM", 6.0, "h"), gctMeta);
    }

    [Fact]
    public void GctAndGctx_HaveTheSameMetadataAndValues_WhenReadDirectly()
    {
        using var file = InputFile.Open(SharedData.Path("lincs/cmapr/modzs_n272x978.gct"));
        using var gct = GctReader.Open(file);
        using var gctx = GctxReader.Open(SharedData.Path("lincs/cmapr/modzs_n272x978.gctx"));

        Assert.Equal("GCTX1.0", gctx.Version);
        Assert.Equal((gct.RowCount, gct.ColumnCount), (gctx.RowCount, gctx.ColumnCount));
        Assert.Equal(gct.ColumnIds, gctx.ColumnIds);
        Assert.Equal(gct.ColumnMetadata["cell_id"], gctx.ColumnMetadata["cell_id"]);
        // The GCT writes µ as the text "<b5>"; the GCTX holds the raw Latin-1 byte 0xB5.
        Assert.Equal(240, gctx.ColumnMetadata["pert_idose"].Count(d => d.Contains('µ', StringComparison.Ordinal)));
        Assert.Equal(gct.ColumnMetadata["pert_idose"].Select(d => d.Replace("<b5>", "µ", StringComparison.Ordinal)), gctx.ColumnMetadata["pert_idose"]);

        var rows = Enumerable.Range(0, gctx.RowCount).ToArray();
        var matrix = new float[gctx.ColumnCount * gctx.RowCount];
        gctx.ReadColumns(0, gctx.ColumnCount, rows, matrix);
        for (var r = 0; gct.ReadRow(); r++)
        {
            Assert.Equal(gct.RowId, gctx.RowIds[r]);
            for (var c = 0; c < gct.ColumnCount; c++)
            {
                Assert.True(gct.TryGetValue(c, out var v));
                Assert.True(Math.Abs(v - matrix[(c * gctx.RowCount) + r]) <= 1e-4);
            }
        }
    }

    [Fact]
    public void Gctx_ReadsFloat64MatrixAndArrayVersion_FromSmallFixture()
    {
        using var gctx = GctxReader.Open(SharedData.Path("lincs/cmapr/modzs_n25x50.gctx"));

        Assert.Equal((50, 25), (gctx.RowCount, gctx.ColumnCount));
        Assert.Equal("GCTX1.0", gctx.Version);
        var values = new float[25 * 2];
        gctx.ReadColumns(0, 25, [0, 49], values);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public async Task Ingest_RejectsMalformedGctWithItsLine_AndStoresNothing()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions
        {
            GeneInfo = [SharedData.Path("lincs/info/geneinfo.tsv.gz")],
            Matrices = [SharedData.Path("lincs/cmapr/modzs_n25x50.gct")],
        }));

        Assert.EndsWith("modzs_n25x50.gct", error.File, StringComparison.Ordinal);
        Assert.Equal(55, error.Line);
        Assert.Contains("declares 50 rows after 15 column-metadata lines", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.SummaryAsync()).Nodes);
    }

    private static (string, string, string, double, string, double, string) Row(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        (r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetString(4), r.GetDouble(5), r.GetString(6));
}
