using PerturbKG.Ingest;
using PerturbKG.Ingest.AnnData;
using PerturbKG.Ingest.Text;

namespace PerturbKG.IntegrationTests.Tables;

/// <summary>
/// AnnData (.h5ad) files in each on-disk layout (written here with PureHDF per the specification), ingested into a
/// real SQLite store; and the bad files users meet, as errors naming the HDF5 object.
/// </summary>
public sealed class H5adTests
{
    private static readonly string GeneInfo = SharedData.Path("lincs/paired/genes.tsv");

    // 6 obs rows: a DMSO control and two treated rows in each of two cell lines.
    private static readonly string[] Drugs = ["DMSO", "DB00945", "CC(=O)Oc1ccccc1C(=O)O", "DMSO", "DB00945", "vorinostat"];
    private static readonly string[] Cells = ["A549", "A549", "A549", "MCF7", "MCF7", "MCF7"];

    public static TheoryData<string, H5adStorage, bool> Layouts => new()
    {
        { "dense, categoricals", H5adStorage.Dense, true },
        { "dense, plain strings", H5adStorage.Dense, false },
        { "csr", H5adStorage.Csr, true },
        { "csc", H5adStorage.Csc, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Ingest_StoresEachTreatedRow_WithItsLandmarkValues(string layout, H5adStorage storage, bool categorical)
    {
        using var dir = new TempDirectory();
        var (path, value) = WriteFile(dir, storage, categorical);
        var store = new StoreFile(dir.File("s.db"));

        var report = await store.IngestAsync(new IngestOptions { GeneInfo = [GeneInfo], H5ad = [path] });

        Assert.True(report.Signatures!.Stored == 4, layout);
        Assert.Equal(0, report.Rejected);
        var vectors = store.Vectors();
        Assert.Equal(["sig1", "sig2", "sig4", "sig5"], vectors.Keys.Order());
        var landmarks = Landmarks();
        for (var p = 0; p < landmarks.Count; p += 97)
        {
            Assert.Equal(value(4, landmarks[p]), vectors["sig4"][p], 5);
        }

        Assert.Equal(2, store.Count("SELECT COUNT(DISTINCT cell) FROM signatures"));
        Assert.Equal(2, store.Count("SELECT COUNT(*) FROM signatures WHERE dose = 10 AND time = 24"));
    }

    [Theory]
    [InlineData("anndata-0.8.0.h5ad", "csr", "0.1.0")]
    [InlineData("anndata-0.7-layout.h5ad", "csr", null)]
    public void Reads_FilesWrittenByAnndataAndH5py(string name, string layout, string? version)
    {
        // Written by tests/.../Tables/h5ad/make_fixtures.py: X[i, j] = (i + 1) * 10 + j where (i + j) % 3 != 0, else 0.
        using var file = AnnDataFile.Open(Path.Combine(AppContext.BaseDirectory, "Tables", "h5ad", name));

        Assert.Equal(version, file.EncodingVersion);
        Assert.Equal(["cell0", "cell1", "cell2", "cell3", "cell4"], file.Obs.Index);
        Assert.Equal(["DMSO", "vorinostat", "vorinostat", "DMSO", "DB00945"], file.Obs.Find("condition")!.Values);
        Assert.Equal("categorical", file.Obs.Find("condition")!.Kind);
        Assert.Equal(["True", "False", "False", "True", "False"], file.Obs.Find("control")!.Values);
        Assert.Equal(["0", "10", "1", "0", "10"], file.Obs.Find("dose_val")!.Values);
        Assert.Equal("ONC(=O)CCCCCCC(=O)Nc1ccccc1", file.Obs.Find("smiles")!.Values[1]);
        Assert.Equal(["1000", "1001", "1002", "1003", "1004", "1005", "1006"], file.Var.Index);
        Assert.Equal("G3", file.Var.Find("gene_symbol")!.Values[3]);

        var matrix = file.Matrix();
        Assert.Equal((layout, 5L, 7L), (matrix.Layout, matrix.Rows, matrix.Columns));
        var values = new float[3 * 2];
        matrix.ReadRows(2, 3, [1, 5], values);
        float X(int i, int j) => (i + j) % 3 == 0 ? 0 : ((i + 1) * 10) + j;
        Assert.Equal([X(2, 1), X(2, 5), X(3, 1), X(3, 5), X(4, 1), X(4, 5)], values);
        if (version is not null)
        {
            Assert.Equal(["delta"], file.Layers);
            matrix = file.Matrix("delta");
            matrix.ReadRows(4, 1, [6], values);
            Assert.Equal(-X(4, 6), values[0]);
        }

        var columns = new H5adColumns(file, new H5adMapping(), defaultCell: null);
        Assert.Equal(("condition", "cell_type", "dose_val", "control"), (columns.Compound!.Name, columns.Cell!.Name, columns.Dose!.Name, columns.Control!.Name));
        Assert.Equal([true, false, false, true, false], Enumerable.Range(0, 5).Select(columns.IsControl));
    }

    [Fact]
    public async Task Ingest_Subtract_StoresTreatedMinusItsCellsControl_AndTheControlAsBaseline()
    {
        using var dir = new TempDirectory();
        var (path, value) = WriteFile(dir, H5adStorage.Dense, categorical: true);
        var store = new StoreFile(dir.File("s.db"));

        await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [GeneInfo], H5ad = [path], H5adMapping = new H5adMapping { Controls = H5adControls.Subtract },
        });

        var first = Landmarks()[0];
        Assert.Equal(value(4, first) - value(3, first), store.Vectors()["sig4"][0], 5);
        Assert.Equal(2, store.Count("SELECT COUNT(*) FROM cell_baselines"));
    }

    [Fact]
    public async Task Ingest_Pair_StoresTreatedMinusTheControlItNames_AndRejectsAMissingOne()
    {
        using var dir = new TempDirectory();
        var (path, value) = WriteFile(dir, H5adStorage.Csr, categorical: false);
        var store = new StoreFile(dir.File("s.db"));

        var report = await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [GeneInfo], H5ad = [path], H5adMapping = new H5adMapping { Controls = H5adControls.Pair },
        });

        Assert.Equal((3, 1), (report.Signatures!.Stored, report.Rejected));
        Assert.Contains("'sig9'", report.Issues.Single().Message, StringComparison.Ordinal);
        var first = Landmarks()[0];
        Assert.Equal(value(4, first) - value(3, first), store.Vectors()["sig4"][0], 5);
        Assert.Equal(value(2, first) - value(0, first), store.Vectors()["sig2"][0], 5);
        Assert.Equal(0, store.Count("SELECT COUNT(*) FROM cell_baselines"));
    }

    [Fact]
    public async Task Ingest_ReadsALayer_AndGenesFromANamedVarColumn()
    {
        using var dir = new TempDirectory();
        var landmarks = Landmarks();
        var genes = landmarks.Concat(["EXTRA1", "EXTRA2"]).ToArray();
        var obs = new H5adFrame("_index", ["a", "b"], [new H5adColumn("drug", new[] { "DB00945", "DB00316" }), new H5adColumn("cell_line", new[] { "A375", "A375" })]);
        var var = new H5adFrame("ensembl", genes.Select((_, i) => $"ENSG{i:D11}").ToArray(), [new H5adColumn("entrez", genes)]);
        var x = new float[2 * genes.Length];
        var layer = Enumerable.Range(0, x.Length).Select(i => (float)(i % 7)).ToArray();
        var path = dir.File("layer.h5ad");
        H5adWriter.Write(path, obs, var, x, layers: new Dictionary<string, float[]> { ["delta"] = layer });
        var store = new StoreFile(dir.File("s.db"));

        await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [GeneInfo], H5ad = [path], H5adMapping = new H5adMapping { Layer = "delta", Genes = "entrez" },
        });

        Assert.Equal(layer[genes.Length + 5], store.Vectors()["b"][5]);
    }

    [Fact]
    public async Task BadFiles_AreErrorsNamingTheObject_AndStoreNothing()
    {
        using var dir = new TempDirectory();
        var landmarks = Landmarks();
        var obs = new H5adFrame("_index", ["a"], [new H5adColumn("drug", new[] { "DB00945" }), new H5adColumn("cell_id", new[] { "A375" })]);
        var var = new H5adFrame("_index", landmarks.ToArray(), []);
        var store = new StoreFile(dir.File("s.db"));

        // X is 1 × 978 but obs says 1 row and var 977.
        var shape = dir.File("shape.h5ad");
        H5adWriter.Write(shape, obs, var with { Index = landmarks.Skip(1).ToArray() }, new float[977]);
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions { GeneInfo = [GeneInfo], H5ad = [shape] }));
        Assert.Contains("missing 1:", error.Message, StringComparison.Ordinal);

        var layerMissing = dir.File("ok.h5ad");
        H5adWriter.Write(layerMissing, obs, var, new float[978]);
        error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions
        {
            GeneInfo = [GeneInfo], H5ad = [layerMissing], H5adMapping = new H5adMapping { Layer = "counts" },
        }));
        Assert.Contains("'/layers/counts' is missing", error.Message, StringComparison.Ordinal);

        var notH5 = dir.Write("text.h5ad", "obs\tvar\n");
        error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions { GeneInfo = [GeneInfo], H5ad = [notH5] }));
        Assert.Contains("not a readable HDF5 file", error.Message, StringComparison.Ordinal);

        var noCell = dir.File("nocell.h5ad");
        H5adWriter.Write(noCell, obs with { Columns = [obs.Columns[0]] }, var, new float[978]);
        error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions { GeneInfo = [GeneInfo], H5ad = [noCell] }));
        Assert.Contains("no cell line column", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(noCell, error.Message, StringComparison.Ordinal);

        Assert.Equal(0, store.Count("SELECT COUNT(*) FROM signatures"));
    }

    private static List<string> Landmarks() =>
        File.ReadLines(GeneInfo).Skip(1).Select(l => l.Split('\t')[1]).ToList();

    // var: the 978 landmark genes by Entrez id among 22 others, shuffled; X values a function of (row, gene), some 0 (sparse).
    private static (string Path, Func<int, string, float> Value) WriteFile(TempDirectory dir, H5adStorage storage, bool categorical)
    {
        var genes = Landmarks().Concat(Enumerable.Range(0, 22).Select(i => $"OTHER{i}")).OrderBy(g => g.GetHashCode(StringComparison.Ordinal) ^ 0x5bd1e995).ToArray();
        float Value(int row, string gene) => (Math.Abs(gene.GetHashCode(StringComparison.Ordinal)) % 5 == 0) ? 0f : ((row + 1) * 0.25f) - ((Math.Abs(gene.GetHashCode(StringComparison.Ordinal)) % 1000) / 500f);
        var x = new float[Drugs.Length * genes.Length];
        for (var r = 0; r < Drugs.Length; r++)
        {
            for (var g = 0; g < genes.Length; g++)
            {
                x[(r * genes.Length) + g] = Value(r, genes[g]);
            }
        }

        var obs = new H5adFrame("_index", Enumerable.Range(0, Drugs.Length).Select(i => $"sig{i}").ToArray(),
        [
            new H5adColumn("condition", Drugs, categorical),
            new H5adColumn("cell_type", Cells, categorical),
            new H5adColumn("dose_val", new[] { 0.0, 10, 1, 0, 10, 1 }),
            new H5adColumn("pert_time", new long[] { 24, 24, 24, 24, 24, 24 }),
            new H5adColumn("control", new long[] { 1, 0, 0, 1, 0, 0 }),
            new H5adColumn("paired_control_index", new[] { "", "sig0", "sig0", "", "sig3", "sig9" }),
        ]);
        var var = new H5adFrame("gene_id", genes, [new H5adColumn("highly_variable", genes.Select(g => g.Length % 2 == 0).ToArray())]);
        var path = dir.File($"{storage}-{categorical}.h5ad");
        H5adWriter.Write(path, obs, var, x, storage);
        return (path, Value);
    }
}
