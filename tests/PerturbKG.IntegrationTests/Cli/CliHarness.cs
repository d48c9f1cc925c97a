using PerturbKG.Admin.Cli;
using Spectre.Console;

namespace PerturbKG.IntegrationTests.Cli;

/// <summary>Runs the real CLI in-process on a plain, wide, non-interactive console and captures what it prints.</summary>
public static class CliHarness
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var code = await CliApp.RunAsync(args, console, TestContext.Current.CancellationToken);
        return (code, writer.ToString());
    }
}
