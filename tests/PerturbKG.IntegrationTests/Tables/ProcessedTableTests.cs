using System.Globalization;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Text;

namespace PerturbKG.IntegrationTests.Tables;

/// <summary>Tables users already have: treated/control pairs turned into deltas, and cell baselines.</summary>
public sealed class ProcessedTableTests
{
    [Fact]
    public async Task Ingest_TurnsPrnetSamplesIntoTreatedMinusTheirControl()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var table = SharedData.Path("lincs/prnet_ht115/ht115_level3_demo.tsv");

        var report = await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [SharedData.Path("lincs/prnet_ht115/genes.tsv")],
            PairedTables = [table],
        });

        Assert.Equal(661, report.Signatures!.Stored);
        Assert.Equal(0, report.Rejected);
        var rows = File.ReadLines(table).Select(l => l.Split('\t')).ToList();
        var header = rows[0];
        var (sample, pair, control, ddr1) = (0, Array.IndexOf(header, "paired_control_index"), Array.IndexOf(header, "control"), Array.IndexOf(header, "DDR1"));
        var treated = rows.Skip(1).First(r => r[control] == "0");
        var itsControl = rows.Skip(1).Single(r => r[sample] == treated[pair]);
        var expected = float.Parse(treated[ddr1], CultureInfo.InvariantCulture) - float.Parse(itsControl[ddr1], CultureInfo.InvariantCulture);
        Assert.Equal(expected, store.Vectors()[treated[sample]][0], 4); // DDR1 is position 1 of genes.tsv
        Assert.Equal(1, store.Count("SELECT COUNT(DISTINCT cell) FROM signatures"));
        Assert.Equal(661, store.Count("SELECT COUNT(*) FROM signatures WHERE kind = 'delta' AND dose_unit = 'µM' AND time = 6 AND time_unit = 'h'"));
    }

    [Fact]
    public async Task Ingest_TurnsTransigenBasalAndTreatedColumnsIntoDeltas()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var table = SharedData.Path("lincs/paired/transigen_example_paired.tsv");

        var report = await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
            PertInfo = [SharedData.Path("lincs/info/pertinfo.tsv.gz")],
            PairedTables = [table],
        });

        Assert.Equal(100, report.Signatures!.Stored);
        Assert.Equal(43, report.Signatures.Cells);
        var first = File.ReadLines(table).Skip(1).First().Split('\t');
        var expected = float.Parse(first[5 + 978], CultureInfo.InvariantCulture) - float.Parse(first[5], CultureInfo.InvariantCulture);
        Assert.Equal(expected, store.Vectors()[first[0]][0], 4);
        // Compounds given only as SMILES are looked up in pertinfo to get LINCS ids.
        Assert.True(store.Count("SELECT COUNT(*) FROM compound_matches") > 0 || store.Count("SELECT COUNT(*) FROM node_attributes WHERE name = 'lincs_pert_ids'") > 0);
    }

    [Fact]
    public async Task Ingest_ReadsBaselines_HeadedByEntrezIdsOrBySymbols()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));

        await store.IngestAsync(new IngestOptions
        {
            GeneInfo = [SharedData.Path("lincs/prnet_ht115/genes.tsv"), SharedData.Path("lincs/paired/genes.tsv")],
            Baselines = [SharedData.Path("lincs/paired/basal_by_cell.tsv"), SharedData.Path("cells/high_confidence_11_cell_lines_ctrl.csv")],
        });

        var cells = File.ReadLines(SharedData.Path("lincs/paired/basal_by_cell.tsv")).Skip(1).Select(l => l.Split('\t')[0])
            .Concat(File.ReadLines(SharedData.Path("cells/high_confidence_11_cell_lines_ctrl.csv")).Skip(1).Select(l => l.Split(',')[0]))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();
        Assert.Equal(cells, store.Count("SELECT COUNT(*) FROM cell_baselines"));
        Assert.Equal(cells, store.Count("SELECT COUNT(*) FROM nodes WHERE type = 'CellLine'"));
    }

    [Fact]
    public async Task Ingest_RejectsSignatureTable_WhenALandmarkGeneColumnIsMissing()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var genes = File.ReadLines(SharedData.Path("lincs/paired/genes.tsv")).Skip(1).Select(l => l.Split('\t')[1]).Skip(1).ToList();
        var table = dir.Write("sigs.tsv", "drug\tcell_id\t" + string.Join('\t', genes) + "\nDB00001\tA549\t" + string.Join('\t', genes.Select(_ => "0.5")) + "\n");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => store.IngestAsync(new IngestOptions
        {
            GeneInfo = [SharedData.Path("lincs/paired/genes.tsv")],
            SignatureTables = [table],
        }));

        Assert.Equal((table, 1L), (error.File, error.Line));
        Assert.Contains("977 of the 978", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.SummaryAsync()).Nodes);
    }
}
