using PerturbKG.Model;
using System.Globalization;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Lincs.Gctx;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.IntegrationTests.Lincs;

/// <summary>A full-genome-shaped GCTX: the 978 landmarks scattered among other genes, read in column blocks.</summary>
public sealed class GctxLandmarkSelectionTests
{
    [Fact]
    public async Task Ingest_ReadsOnlyLandmarkRows_InLandmarkOrder_AcrossColumnBlocks()
    {
        using var dir = new TempDirectory();
        var genes = File.ReadLines(SharedData.Path("lincs/paired/genes.tsv")).Skip(1).Select(l => l.Split('\t')[1]).ToList();
        var others = Enumerable.Range(0, 1_022).Select(i => (9_000_000 + i).ToString(CultureInfo.InvariantCulture));
        var rows = genes.Concat(others).ToList();
        new DeterministicRandom(3).Shuffle(rows);
        const int columns = 1_500;
        static float Value(string gene, int column) => (float)((long.Parse(gene, CultureInfo.InvariantCulture) % 1000) + (column / 1000.0));

        var matrix = new float[rows.Count, columns];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                matrix[r, c] = Value(rows[r], c);
            }
        }

        var path = dir.File("full.gctx");
        GctxWriter.Write(path, matrix,
            new Dictionary<string, string[]> { ["id"] = [.. rows], ["pr_gene_id"] = [.. rows] },
            new Dictionary<string, string[]>
            {
                ["id"] = [.. Enumerable.Range(0, columns).Select(c => $"sig{c}")],
                ["cell_id"] = [.. Enumerable.Range(0, columns).Select(c => c % 2 == 0 ? "A549" : "MCF7")],
                ["pert_id"] = [.. Enumerable.Range(0, columns).Select(c => $"BRD-K{c % 40:D8}")],
            });
        var store = new StoreFile(dir.File("s.db"));

        var report = await store.IngestAsync(new IngestOptions { GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")], Matrices = [path] });

        Assert.Equal(columns, report.Signatures!.Stored);
        var vectors = store.Vectors();
        foreach (var c in new[] { 0, 1, 1023, 1024, 1499 })
        {
            Assert.Equal(genes.Select(g => Value(g, c)), vectors[$"sig{c}"]);
        }
    }
}
