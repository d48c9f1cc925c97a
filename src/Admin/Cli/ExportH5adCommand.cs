using System.CommandLine;
using PerturbKG.Admin.Export;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg export-h5ad --run R --out FILE.h5ad</c>: a run's predictions for anndata/scanpy users.</summary>
internal static class ExportH5adCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var run = new Option<string>("--run") { Description = "The run (id, or its folder with model.json).", Required = true };
        var output = new Option<string>("--out") { Description = "The .h5ad file to write (replaced if it exists).", Required = true };
        var command = new Command("export-h5ad", "Write a run's predictions (X), the observed deltas (layer 'observed'), pairs as obs (drug, cell, fold) and genes as var, as AnnData .h5ad.")
        {
            store, run, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location)
            {
                return ExitCodes.BadUsage;
            }

            return await CliApp.Runner(parse, console).RunAsync(new ExportH5ad(location, parse.GetValue(run)!, parse.GetValue(output)!), export =>
            {
                console.MarkupLineInterpolated($"Wrote [bold]{export.Path}[/]: run {export.Run}, {export.Pairs:N0} pairs × {export.Genes} genes ({string.Join(", ", export.Folds.Select(f => $"{f.Key} {f.Value:N0}"))}).");
                console.MarkupLine("[grey]In Python: adata = anndata.read_h5ad(PATH); adata.X is predicted, adata.layers[['observed']] measured.[/]");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
