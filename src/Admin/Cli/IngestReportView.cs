using System.Globalization;
using PerturbKG.Ingest.Reporting;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>Renders an ingestion report as console tables.</summary>
internal static class IngestReportView
{
    public static void Render(IAnsiConsole console, IngestReport report)
    {
        console.MarkupLineInterpolated($"[bold]Dataset[/] {report.Dataset} → {report.Store}  ([grey]{report.Seconds:F1} s[/])");
        console.Write(Files(report));
        if (report.Graph is { } graph)
        {
            var table = Table("Graph rows", "count");
            table.AddRow("rows read", N(graph.Rows));
            table.AddRow("edges stored (each once)", N(graph.Edges));
            table.AddRow("mirror rows folded", N(graph.MirroredRows));
            table.AddRow("duplicate rows folded", N(graph.DuplicateRows));
            console.Write(table);
        }

        if (report.Signatures is { } s)
        {
            var table = Table("Signatures", "count");
            table.AddRow("read", N(s.Read));
            table.AddRow("stored", N(s.Stored));
            table.AddRow("skipped (not compound treatments)", N(s.SkippedNotCompound));
            table.AddRow("rejected", N(s.Rejected));
            table.AddRow("drugs / cell lines", $"{N(s.Drugs)} / {N(s.Cells)}");
            console.Write(table);
        }

        if (report.Matches.Count > 0)
        {
            var table = Table("Merge step", "matched", "rate");
            foreach (var m in report.Matches)
            {
                table.AddRow(Markup.Escape(m.Step), $"{N(m.Matched)} / {N(m.Total)}", m.Rate.ToString("P1", CultureInfo.InvariantCulture));
            }

            console.Write(table);
        }

        if (report.StoreAfter is { } store)
        {
            var table = Table("Store now holds", "count");
            foreach (var (type, count) in store.NodesByType)
            {
                table.AddRow($"{Markup.Escape(type)} nodes", N(count));
            }

            foreach (var (relation, count) in store.EdgesByRelation)
            {
                table.AddRow($"[grey]{Markup.Escape(relation)}[/] edges", N(count));
            }

            table.AddRow("signatures", N(store.Signatures));
            table.AddRow("cell lines with baseline", N(store.CellBaselines));
            table.AddRow("landmark genes", N(store.LandmarkGenes));
            foreach (var set in store.FeatureSets)
            {
                table.AddRow($"{Markup.Escape(set.NodeType)} '{Markup.Escape(set.Name)}' features ({set.Dimension}-d)", N(set.Vectors));
            }

            console.Write(table);
        }

        RenderIssues(console, report);
    }

    private static void RenderIssues(IAnsiConsole console, IngestReport report)
    {
        if (report.Rejected == 0)
        {
            console.MarkupLine("[green]No rows rejected.[/]");
            return;
        }

        console.MarkupLineInterpolated($"[yellow]{report.Rejected:N0} rows rejected[/] ({string.Join(", ", report.RejectedByKind.Select(k => $"{k.Key}: {k.Value:N0}"))}):");
        foreach (var issue in report.Issues.Take(10))
        {
            console.MarkupLineInterpolated($"  [grey]{Path.GetFileName(issue.File)}:{issue.Line}[/] {issue.Message}");
        }

        if (report.RejectsFile is { } rejects)
        {
            console.MarkupLineInterpolated($"  [grey]All {report.Rejected:N0} rejected rows (file, line, kind, reason): {rejects}[/]");
        }
        else if (report.Rejected > 10)
        {
            console.MarkupLineInterpolated($"  [grey]... the --json report lists the first {report.Issues.Count:N0}[/]");
        }
    }

    private static Table Files(IngestReport report)
    {
        var table = Table("File", "role", "size", "rows", "rejected", "sha256");
        foreach (var f in report.Files)
        {
            table.AddRow(Markup.Escape(Path.GetFileName(f.Path)), Markup.Escape(f.Role), Size(f.Bytes), N(f.Rows), N(f.Rejected), f.Sha256[..12]);
        }

        return table;
    }

    private static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(columns[0]);
        foreach (var column in columns.Skip(1))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        return table;
    }

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KB",
        _ => $"{bytes} B",
    };
}
