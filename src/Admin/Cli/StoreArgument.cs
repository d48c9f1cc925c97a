using System.CommandLine;
using PerturbKG.Store;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>The <c>--store</c> option the query commands share, and its parsing into a location.</summary>
internal static class StoreArgument
{
    public static Option<string> Create() => new("--store")
    {
        Description = "The store: sqlite:PATH (default sqlite:perturbkg-demo/perturbkg.db, where demo writes) or bolt://HOST:7687 (credentials from NEO4J_USER/NEO4J_PASSWORD).",
        DefaultValueFactory = _ => "sqlite:perturbkg-demo/perturbkg.db",
    };

    public static StoreLocation? Parse(ParseResult parse, Option<string> option, IAnsiConsole console)
    {
        try
        {
            return StoreLocation.Parse(parse.GetValue(option)!);
        }
        catch (FormatException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return null;
        }
    }
}
