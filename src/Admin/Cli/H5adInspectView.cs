using PerturbKG.Ingest.AnnData;
using PerturbKG.Ingest.Text;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg ingest --h5ad-inspect FILE</c>: what an AnnData file holds and how ingest would read it.</summary>
internal static class H5adInspectView
{
    public static int Render(IAnsiConsole console, string path, H5adMapping mapping, string? defaultCell)
    {
        try
        {
            using var file = AnnDataFile.Open(path);
            var matrix = file.Matrix(mapping.Layer);
            console.MarkupLineInterpolated($"[bold]{path}[/]  AnnData {file.EncodingVersion ?? "(no encoding-version: written before anndata 0.8)"}");
            console.MarkupLineInterpolated($"{(mapping.Layer is null ? "X" : $"layers/{mapping.Layer}")}: {matrix.Rows:N0} obs × {matrix.Columns:N0} var, {matrix.Layout}");
            console.MarkupLineInterpolated($"layers: {(file.Layers.Count == 0 ? "(none)" : string.Join(", ", file.Layers))}");
            Frame(console, "obs", file.Obs);
            Frame(console, "var", file.Var);

            var columns = new H5adColumns(file, mapping, defaultCell);
            var table = new Table().AddColumn("role").AddColumn("column");
            foreach (var (role, column) in columns.Describe())
            {
                table.AddRow(Markup.Escape(role), Markup.Escape(column));
            }

            console.MarkupLine("[bold]mapping[/] (override with --h5ad-compound, --h5ad-smiles, --h5ad-cell, --h5ad-dose, --h5ad-time, --h5ad-control, --h5ad-genes)");
            console.Write(table);
            var controls = Enumerable.Range(0, file.Obs.Count).Count(columns.IsControl);
            console.MarkupLineInterpolated($"rows: {file.Obs.Count - controls:N0} treated, {controls:N0} controls (--h5ad-controls {mapping.Controls.ToString().ToLowerInvariant()})");
            return ExitCodes.Ok;
        }
        catch (InvalidInputException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return Server.ErrorTable.Of(e)!.ExitCode;
        }
    }

    private static void Frame(IAnsiConsole console, string name, AnnDataFrame frame)
    {
        console.MarkupLineInterpolated($"[bold]{name}[/]: {frame.Count:N0} rows, index '{frame.IndexName}' (e.g. {string.Join(", ", frame.Index.Take(3))})");
        var table = new Table().AddColumn("column").AddColumn("stored as").AddColumn("distinct").AddColumn("most frequent");
        foreach (var column in frame.Columns)
        {
            var top = string.Join(", ", column.Top(3).Select(t => $"{t.Value} ({t.Count:N0})"));
            table.AddRow(Markup.Escape(column.Name), column.Kind, column.Values.Distinct(StringComparer.Ordinal).Count().ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(top.Length > 80 ? top[..80] + "…" : top));
        }

        console.Write(table);
    }
}
