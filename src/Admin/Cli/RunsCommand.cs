using System.CommandLine;
using System.Text.Json;
using PerturbKG.Admin.Predictions;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Predictions;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg runs [list|promote|prune|write-back]</c>: the run versions whose predictions the store holds.</summary>
internal static class RunsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("runs", "List the runs whose predictions the store holds, promote one to current, prune the others, or write a run's predictions (again).");
        var store = StoreArgument.Create();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction((parse, ct) => Send(parse, console, store, json, new ListRuns(StoreArgument.Parse(parse, store, console)!), ct));

        var list = new Command("list", "List runs (the default).") { store, json };
        list.SetAction((parse, ct) => Send(parse, console, store, json, new ListRuns(StoreArgument.Parse(parse, store, console)!), ct));
        command.Subcommands.Add(list);

        var run = new Option<string>("--run") { Description = "The run.", Required = true };
        var promote = new Command("promote", "Make a run current: queries use it unless told otherwise.") { store, run, json };
        promote.SetAction((parse, ct) => Send(parse, console, store, json, new PromoteRun(StoreArgument.Parse(parse, store, console)!, parse.GetValue(run)!), ct));
        command.Subcommands.Add(promote);

        var prune = new Command("prune", "Delete the predictions of every run but the current one.") { store, json };
        prune.SetAction(async (parse, ct) => await CliApp.Runner(parse, console).RunAsync(new PruneRuns(StoreArgument.Parse(parse, store, console)!), pruned =>
        {
            console.MarkupLineInterpolated($"pruned {pruned.Count} run(s){(pruned.Count > 0 ? ": " + string.Join(", ", pruned) : string.Empty)}");
            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(prune);

        var top = new Option<int>("--top-genes") { Description = "Genes written per pair (top |delta|).", DefaultValueFactory = _ => 50 };
        var paths = new Option<int>("--paths") { Description = "Explanation paths per effect.", DefaultValueFactory = _ => 3 };
        var all = new Option<bool>("--all-pairs") { Description = "Every drug × cell line with signatures, not only observed pairs." };
        var faithfulness = new Option<int>("--faithfulness") { Description = "Effects sampled for the faithfulness check (0 skips).", DefaultValueFactory = _ => 30 };
        var write = new Command("write-back", "Write a run's predicted effects and their attention paths into the store (replacing that run's earlier ones).")
        {
            store, run, top, paths, all, faithfulness,
        };
        write.SetAction(async (parse, ct) =>
        {
            var options = new WriteBackOptions { TopGenes = parse.GetValue(top), PathsPerEffect = parse.GetValue(paths), AllPairs = parse.GetValue(all), FaithfulnessEffects = parse.GetValue(faithfulness) };
            return await CliApp.Runner(parse, console).RunAsync(new WritePredictions(StoreArgument.Parse(parse, store, console)!, parse.GetValue(run)!, options), result =>
            {
                RenderWriteBack(console, result);
                return ExitCodes.Ok;
            }, ct);
        });
        command.Subcommands.Add(write);
        return command;
    }

    public static void RenderWriteBack(IAnsiConsole console, WriteBackResult result)
    {
        console.MarkupLineInterpolated($"run [bold]{result.Run}[/]: wrote {result.Effects:N0} predicted effects with {result.Paths:N0} explanation paths for {result.Pairs:N0} pairs in {result.Seconds:F1} s");
        if (result.Faithfulness is { Effects: > 0 } f)
        {
            console.WriteLine(
                $"faithfulness over {f.Effects} effects: removing the top path shrinks |effect| by {f.TopPathDrop:F4}, a random path of the same length by {f.RandomPathDrop:F4} (top larger in {f.ShareTopLarger:P0}; difference {f.Difference})");
        }
    }

    private static async Task<int> Send(ParseResult parse, IAnsiConsole console, Option<string> store, Option<bool> json, MediatR.IRequest<IReadOnlyList<PredictionRun>> request, CancellationToken ct) =>
        await CliApp.Runner(parse, console).RunAsync(request, runs =>
        {
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(runs, RunArtifacts.Json));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("run", "current", "model", "effects", "paths", "written", "folder");
            foreach (var r in runs)
            {
                table.AddRow(Markup.Escape(r.Id), r.IsCurrent ? "[green]yes[/]" : "", r.Model, $"{r.Effects:N0}", $"{r.Paths:N0}", r.WrittenAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(r.Directory));
            }

            console.Write(table);
            return ExitCodes.Ok;
        }, ct);
}
