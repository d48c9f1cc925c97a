using System.CommandLine;
using PerturbKG.Admin.Export;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg export-neo4j --store sqlite:PATH --out DIR</c>: CSV files and the command for neo4j-admin import.</summary>
internal static class ExportNeo4jCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var output = new Option<string>("--out") { Description = "Folder for the CSV files and import.sh (created; an earlier export there is replaced).", Required = true };
        var command = new Command("export-neo4j", "Write an embedded store as CSV files for 'neo4j-admin database import full', and print the command: the fast way into Neo4j for PrimeKG-scale graphs.")
        {
            store, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var location = StoreArgument.Parse(parse, store, console);
            if (location is null)
            {
                return ExitCodes.BadUsage;
            }

            return await CliApp.Runner(parse, console).RunAsync(new ExportNeo4j(location, parse.GetValue(output)!), export =>
            {
                var table = new Table().AddColumn("file").AddColumn(new TableColumn("rows").RightAligned());
                foreach (var (file, rows) in export.Files)
                {
                    table.AddRow(Markup.Escape(file), rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                }

                console.Write(table);
                console.MarkupLineInterpolated($"Wrote {export.Files.Count} files to [bold]{export.Directory}[/]. With Neo4j stopped, run (also in import.sh):");
                console.WriteLine(export.Command);
                console.MarkupLine("[grey]Then start Neo4j and use --store bolt://HOST:7687; perturbkg creates the constraints and indexes on first connect.[/]");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
