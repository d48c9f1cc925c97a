using System.Runtime.InteropServices;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>The perturbkg command line: parses, wires services, runs a command, returns its exit code.</summary>
internal static class CliApp
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log what happens (to stderr).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken ct = default)
    {
        console ??= AnsiConsole.Console;
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            console.MarkupLineInterpolated($"Run '{parse.CommandResult.Command.Name} --help' for usage.");
            return ExitCodes.BadUsage;
        }

        // Ctrl+C and stop requests cancel the command's token; the command then winds down (nothing half-stored) and
        // this says so, with exit code 130 as shells expect. (System.CommandLine's own handling exits without a word.)
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Cancel(context, stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Cancel(context, stop));
        var output = console.Profile.Out.Writer;
        int code;
        try
        {
            code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = output, ProcessTerminationTimeout = null }, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            code = ExitCodes.Failure;
        }

        if (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]cancelled[/] (interrupted): nothing half-done was stored.");
            return Interrupted;
        }

        return code;
    }

    /// <summary>The exit code after Ctrl+C or a stop request (128 + SIGINT, as shells use).</summary>
    public const int Interrupted = 130;

    private static void Cancel(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true; // the command stops itself
        stop.Cancel();
    }

    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand(
            "PerturbKG: predicts how a small molecule changes gene expression in a cell line, from a biomedical knowledge graph and LINCS L1000.")
        {
            Verbose,
        };
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(IngestCommand.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(PredictCommand.Create(console));
        root.Subcommands.Add(ExplainCommand.Create(console));
        root.Subcommands.Add(QueryCommand.Create(console));
        root.Subcommands.Add(RunsCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(WorkerCommand.Create(console));
        root.Subcommands.Add(ExportNeo4jCommand.Create(console));
        root.Subcommands.Add(ExportH5adCommand.Create(console));
        root.Subcommands.Add(ChemCommand.Create(console));
        return root;
    }

    /// <summary>A <c>--device</c> option: where loaded runs put their model.</summary>
    public static Option<string> DeviceOption() => new("--device")
    {
        Description = "Where the model runs: auto (CUDA when TorchSharp's CUDA backend and a GPU are present, else the CPU), cpu, cuda or cuda:N.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>Makes the parsed <c>--device</c> the default for loaded runs; false (after saying why) when it is not available.</summary>
    public static bool UseDevice(ParseResult parse, Option<string> option, IAnsiConsole console)
    {
        try
        {
            Model.Torch.TorchRuntime.DefaultDevice = Model.Torch.TorchRuntime.ResolveDevice(parse.GetValue(option)!);
            return true;
        }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return false;
        }
    }

    /// <summary>The services one command runs with.</summary>
    public static CommandRunner Runner(ParseResult parse, IAnsiConsole console)
    {
        var verbose = parse.GetValue(Verbose);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter(level => level >= (verbose ? LogLevel.Information : LogLevel.Error))
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddAdmin();
        return new CommandRunner(services.BuildServiceProvider(), console, verbose);
    }
}
