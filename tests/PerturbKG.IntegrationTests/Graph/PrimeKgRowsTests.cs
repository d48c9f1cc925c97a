using PerturbKG.Ingest;

namespace PerturbKG.IntegrationTests.Graph;

/// <summary>Real PrimeKG drug–protein rows (both directions, some pairs in both files).</summary>
public sealed class PrimeKgRowsTests
{
    [Fact]
    public async Task Ingest_FoldsMirrorRows_AndStoresEachEdgeOnceFromDrugToProtein()
    {
        using var dir = new TempDirectory();
        var store = new StoreFile(dir.File("s.db"));
        var test = SharedData.Path("primekg/test_edges.csv");
        var val = SharedData.Path("primekg/val_edges.csv");

        var report = await store.IngestAsync(new IngestOptions { Dataset = "primekg", PrimeKg = [test, val] });

        var expected = DistinctEdges(test).Union(DistinctEdges(val)).ToHashSet();
        Assert.Equal(15_392, report.Graph!.Rows);
        Assert.Equal(expected.Count, report.Graph.Edges);
        Assert.Equal(report.Graph.Rows - expected.Count, report.Graph.MirroredRows + report.Graph.DuplicateRows);
        Assert.Equal(0, report.Rejected);

        var stored = store.Query(
            "SELECT r.display, s.key, t.key, s.type, t.type FROM edges e JOIN relations r ON r.id = e.relation " +
            "JOIN nodes s ON s.id = e.source JOIN nodes t ON t.id = e.target",
            r => (Display: r.GetString(0), Drug: r.GetString(1), Gene: r.GetString(2), SourceType: r.GetString(3), TargetType: r.GetString(4)));
        Assert.All(stored, e => Assert.Equal(("Drug", "Gene"), (e.SourceType, e.TargetType)));
        Assert.Equal(expected.OrderBy(e => e), stored.Select(e => (e.Display, e.Drug, e.Gene)).OrderBy(e => e));
    }

    // An independent reading of the rows: one edge per (display relation, drug, gene), whichever way round the row is.
    private static IEnumerable<(string Display, string Drug, string Gene)> DistinctEdges(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = SplitCsv(line);
            yield return f[4] == "drug" ? (f[1], f[3], f[8]) : (f[1], f[8], f[3]);
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
