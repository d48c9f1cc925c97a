using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PerturbKG.Admin.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Predictions;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg query NAME --param k=v ... [--json]</c>: the named queries over predicted effects.</summary>
internal static class QueryCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = StoreArgument.Create();
        var name = new Argument<string>("NAME") { Description = "One of: " + string.Join(", ", NamedQueries.All.Select(q => q.Name)) + "." };
        var parameters = new Option<string[]>("--param", "-p") { Description = "A parameter as key=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("query", "Run a named query over predicted effects. " + string.Join(" ", NamedQueries.All.Select(q =>
            $"{q.Name}({string.Join(", ", q.Parameters.Select(p => p.Required ? p.Name : p.Name + "?"))}): {q.Description}")))
        {
            store, name, parameters, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location)
            {
                return ExitCodes.BadUsage;
            }

            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(parameters) ?? [])
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] --param '{pair}' is not key=value.");
                    return ExitCodes.BadUsage;
                }

                given[pair[..at].Trim()] = pair[(at + 1)..];
            }

            return await CliApp.Runner(parse, console).RunAsync(new QueryPredictions(location, parse.GetValue(name)!, given), result =>
            {
                if (parse.GetValue(json))
                {
                    var rows = result.Rows.Select(r => result.Columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2));
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { query = result.Query, columns = result.Columns, rows }, RunArtifacts.Json));
                    return ExitCodes.Ok;
                }

                Render(console, result);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    public static void Render(IAnsiConsole console, QueryResult result)
    {
        var table = new Table().Title(result.Query).AddColumns(result.Columns.Select(c => new TableColumn(c)).ToArray());
        foreach (var row in result.Rows)
        {
            table.AddRow(row.Select(v => Markup.Escape(Format(v))).ToArray());
        }

        console.Write(table);
        if (result.Rows.Count == 0)
        {
            console.MarkupLine("[grey](no rows)[/]");
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.0000", CultureInfo.InvariantCulture),
        float f => f.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
