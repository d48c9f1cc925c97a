using System.CommandLine;
using System.Text.Json;
using PerturbKG.Admin.Predictions;
using PerturbKG.Jobs.Training;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg predict --run R --drug X --cell Y [--top 20]</c>, or <c>--smiles S --targets G1,G2</c> for a new molecule.</summary>
internal static class PredictCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var run = new Option<string>("--run") { Description = "The run whose GAT predicts (its id in the store, or its folder).", Required = true };
        var drug = new Option<string?>("--drug") { Description = "Drug by key (e.g. DrugBank id) or name; with --smiles, a display name." };
        var cell = new Option<string>("--cell") { Description = "Cell line by id or name.", Required = true };
        var top = new Option<int>("--top") { Description = "How many genes to show, strongest first.", DefaultValueFactory = _ => 20 };
        var smiles = new Option<string?>("--smiles") { Description = "A new molecule's SMILES (needs --targets)." };
        var targets = new Option<string?>("--targets") { Description = "The new molecule's target genes: Entrez ids or symbols, comma-separated." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var device = CliApp.DeviceOption();
        var command = new Command("predict", "Predict the 978-gene delta of a (drug, cell line) pair with a trained run, signatures or not.")
        {
            store, run, drug, cell, top, smiles, targets, device, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location || !CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            var request = new PredictPair(location, parse.GetValue(run)!, parse.GetValue(drug), parse.GetValue(cell)!, parse.GetValue(top), parse.GetValue(smiles),
                parse.GetValue(targets)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return await CliApp.Runner(parse, console).RunAsync(request, result =>
            {
                if (parse.GetValue(json))
                {
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result, RunArtifacts.Json));
                    return ExitCodes.Ok;
                }

                console.MarkupLineInterpolated($"[bold]{result.Drug.Name}[/] ({result.Drug.Key}; {result.DrugSource}) in [bold]{result.Cell.Name}[/], run {result.Run}:");
                var table = new Table().AddColumns("rank", "gene", "symbol", "delta", "z");
                foreach (var g in result.Genes)
                {
                    table.AddRow($"{g.Rank}", g.Gene, g.Symbol, $"{g.Delta:+0.000;-0.000}", $"{g.ZScore:+0.00;-0.00}");
                }

                console.Write(table);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
