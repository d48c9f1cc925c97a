using System.CommandLine;
using System.Text.Json;
using PerturbKG.Admin.Predictions;
using PerturbKG.Jobs.Training;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg explain --run R --drug X --cell Y --gene G</c>: the attention paths behind a predicted effect.</summary>
internal static class ExplainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var run = new Option<string>("--run") { Description = "The run (id in the store, or folder).", Required = true };
        var drug = new Option<string>("--drug") { Description = "Drug by key or name.", Required = true };
        var cell = new Option<string>("--cell") { Description = "Cell line by id or name.", Required = true };
        var gene = new Option<string>("--gene") { Description = "Landmark gene by Entrez id or symbol.", Required = true };
        var paths = new Option<int>("--paths") { Description = "How many paths.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var device = CliApp.DeviceOption();
        var command = new Command("explain", "Show the graph paths drug → … → gene, ranked by their contribution to the predicted effect (products of attention weights).")
        {
            store, run, drug, cell, gene, paths, device, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location || !CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            var request = new ExplainEffect(location, parse.GetValue(run)!, parse.GetValue(drug)!, parse.GetValue(cell)!, parse.GetValue(gene)!, parse.GetValue(paths));
            return await CliApp.Runner(parse, console).RunAsync(request, result =>
            {
                if (parse.GetValue(json))
                {
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result, RunArtifacts.Json));
                    return ExitCodes.Ok;
                }

                console.MarkupLineInterpolated($"[bold]{result.Drug.Name}[/] → [bold]{result.Gene.Name}[/] in {result.Cell.Name} (run {result.Run}): predicted delta {result.Delta:+0.000;-0.000}");
                if (result.Paths.Count == 0)
                {
                    console.MarkupLine("[yellow]No path of at most as many hops as the model has layers joins them: the effect comes from the state term alone.[/]");
                }

                foreach (var path in result.Paths)
                {
                    console.MarkupLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"  {path.Rank}. [grey]contribution {path.Score:+0.0000;-0.0000}[/]  {Markup.Escape(path.ToString())}"));
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
