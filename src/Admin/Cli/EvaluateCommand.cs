using System.CommandLine;
using System.Text.Json;
using PerturbKG.Admin.Training;
using PerturbKG.Jobs.Training;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg evaluate --run DIR --signatures DATASET [--out DIR]</c>: a finished run's models on other signatures.</summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var run = new Option<string>("--run") { Description = "The run (its folder, or its id in the store).", Required = true };
        var signatures = new Option<string[]>("--signatures") { Description = "Signature dataset(s) to score the run's models on (repeatable).", Required = true, Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Where metrics.json, manifest.json and report.html go (default: the run's evaluations/<dataset> folder)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("evaluate", "Score every model of a finished run (from its checkpoints; closed-form models refitted on the same folds) on the signatures of other datasets, with the run's metrics and report.")
        {
            store, run, signatures, output, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location)
            {
                return ExitCodes.BadUsage;
            }

            var request = new EvaluateRun(location, parse.GetValue(run)!, parse.GetValue(signatures) ?? [], parse.GetValue(output));
            return await CliApp.Runner(parse, console).RunAsync(request, result =>
            {
                if (parse.GetValue(json))
                {
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result.Result.Summary, RunArtifacts.Json));
                    return ExitCodes.Ok;
                }

                foreach (var (model, reason) in result.Skipped)
                {
                    console.MarkupLineInterpolated($"[yellow]not evaluated:[/] {model}: {reason}");
                }

                RunSummaryView.Render(console, result.Result);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
