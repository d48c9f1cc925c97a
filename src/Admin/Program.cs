using PerturbKG.Admin.Cli;
using PerturbKG.Model.Torch;
using Spectre.Console;

// Commands that run the model get libtorch's fast CPU configuration, which must be in place before the process starts.
if (args.FirstOrDefault() is "demo" or "train" or "evaluate" or "predict" or "explain" or "serve")
{
    if (TorchRuntime.RelaunchWithFastAllocator(args) is { } exitCode)
    {
        return exitCode;
    }

    TorchRuntime.UseThreads(Environment.ProcessorCount);
}

var console = AnsiConsole.Create(new AnsiConsoleSettings
{
    Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
    ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
});
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 160;
}

return await CliApp.RunAsync(args, console);
