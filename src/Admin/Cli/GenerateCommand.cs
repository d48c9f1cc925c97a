using System.CommandLine;
using PerturbKG.Admin.Generation;
using PerturbKG.Ingest.Synthetic;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg generate --out DIR [--scale tiny|small|medium|primekg] [--seed N]</c></summary>
internal static class GenerateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the files into.", Required = true };
        var scale = new Option<GeneratorScale>("--scale") { Description = "How much data: tiny, small, medium or primekg.", DefaultValueFactory = _ => GeneratorScale.Small };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same files.", DefaultValueFactory = _ => 42 };
        var command = new Command("generate", "Write deterministic synthetic data in the real formats (PrimeKG kg.csv, node files, LINCS GCT and info tables) with a planted, graph-mediated mechanism.")
        {
            output, scale, seed,
        };
        command.SetAction((parse, ct) =>
        {
            var runner = CliApp.Runner(parse, console);
            return ConsoleProgress.RunAsync(console, console.Profile.Capabilities.Interactive, progress =>
                runner.RunAsync(new GenerateData(parse.GetValue(output)!, parse.GetValue(scale), parse.GetValue(seed), progress), data =>
                {
                    Render(console, data);
                    return ExitCodes.Ok;
                }, ct));
        });
        return command;
    }

    public static void Render(IAnsiConsole console, GeneratedDataset data, bool showIngestCommand = true)
    {
        console.MarkupLineInterpolated($"[bold]Generated[/] {data.Scale.ToString().ToLowerInvariant()} data (seed {data.Seed}) in {data.Directory}");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("nodes", IngestReportView.N(data.Nodes));
        table.AddRow("edges (undirected)", IngestReportView.N(data.Edges));
        table.AddRow("kg.csv rows", IngestReportView.N(data.KgRows));
        table.AddRow("LINCS compounds", IngestReportView.N(data.Compounds));
        table.AddRow("signatures", IngestReportView.N(data.Signatures));
        console.Write(table);
        if (!showIngestCommand)
        {
            return;
        }

        console.MarkupLine("Ingest it with:");
        console.WriteLine("  " + IngestCommand.CommandLine(data.Ingest, "sqlite:perturbkg.db"));
    }
}
