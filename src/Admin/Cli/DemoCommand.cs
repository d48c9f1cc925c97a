using System.CommandLine;
using System.Text.Json;
using PerturbKG.Admin.Demo;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Training;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg demo</c>: the main job on the embedded store, from nothing.</summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var work = new Option<string>("--work") { Description = "Folder for the generated data and the store.", DefaultValueFactory = _ => "perturbkg-demo" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var scale = new Option<GeneratorScale>("--scale") { Description = "Synthetic data size (the demo is tuned for small).", DefaultValueFactory = _ => GeneratorScale.Small };
        var epochs = new Option<int>("--epochs") { Description = "Maximum training epochs per model.", DefaultValueFactory = _ => 150 };
        var json = new Option<bool>("--json") { Description = "Print the ingestion report and the run summary as JSON." };
        var command = new Command("demo", "Generate small synthetic data, ingest it into an embedded store, train the GAT against its baselines and ablations on a scaffold split, and report.")
        {
            work, seed, scale, epochs, json,
        };
        command.SetAction((parse, ct) =>
        {
            var runner = CliApp.Runner(parse, console);
            var asJson = parse.GetValue(json);
            return ConsoleProgress.RunAsync(console, !asJson && console.Profile.Capabilities.Interactive, progress =>
                runner.RunAsync(new RunDemo(parse.GetValue(work)!, parse.GetValue(seed), parse.GetValue(scale), new Observer(progress), parse.GetValue(epochs)), result =>
                {
                    if (asJson)
                    {
                        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { ingestion = result.Ingestion, training = result.Training.Summary, writeBack = result.Training.WriteBack, queries = result.Queries, serve = ServeLine(result) }, ReportJson.Options));
                        return ExitCodes.Ok;
                    }

                    GenerateCommand.Render(console, result.Data, showIngestCommand: false);
                    IngestReportView.Render(console, result.Ingestion);
                    RunSummaryView.Render(console, result.Training);
                    foreach (var query in result.Queries)
                    {
                        QueryCommand.Render(console, query);
                    }

                    console.MarkupLineInterpolated($"[green]Demo finished.[/] Store: {result.Store}");
                    console.WriteLine();
                    console.MarkupLine("[bold]See the run in the admin pages[/] (its metrics and report, the predictions, queries with name suggestions):");
                    console.WriteLine("  " + ServeLine(result));
                    console.WriteLine($"  then open {AdminUrl}/runs in a browser. Reading needs no sign-in; to start runs, sign in with the one-off token serve prints.");
                    console.WriteLine("  (From the source tree: dotnet run --project src/Admin -- serve ...)");
                    return ExitCodes.Ok;
                }, ct));
        });
        return command;
    }

    private const string AdminUrl = "http://127.0.0.1:5080";

    /// <summary>The command that serves the admin pages on the demo's store, with its jobs and run folders beside it.</summary>
    public static string ServeLine(DemoResult result)
    {
        var work = Path.GetDirectoryName(result.Store.Target)!;
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), work);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? work : relative;
        string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
        return $"perturbkg serve --store {Quote("sqlite:" + Path.Combine(shown, "perturbkg.db"))} --data {Quote(shown)} " +
            $"--jobs {Quote("sqlite:" + Path.Combine(shown, "jobs.db"))} --urls {AdminUrl} --environment Development";
    }

    private sealed class Observer(ConsoleProgress? progress) : IDemoObserver
    {
        public IProgress<string> Generation => (IProgress<string>?)progress ?? new Progress<string>();

        public IProgress<IngestProgress> Ingestion => (IProgress<IngestProgress>?)progress ?? new Progress<IngestProgress>();

        public IProgress<TrainingProgress>? Training => progress;
    }
}
