using System.CommandLine;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>
/// <c>perturbkg worker --jobs postgres:... --workers 2</c>: a Hangfire server without the web UI. Any number of workers
/// and <c>serve</c> processes share one PostgreSQL: each job runs in exactly one of them.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var jobs = JobsArguments.Create(defaultWorkers: 2);
        var device = CliApp.DeviceOption();
        device.Description = "Where runs that load a model predict and explain: auto, cpu, cuda or cuda:N (training jobs choose their own with the device option).";
        var command = new Command("worker", "Run background jobs (ingestion, training, write-back, schedules) from the job database, without the web UI.")
        {
            jobs.Database, jobs.Data, jobs.HostId, jobs.Workers, device,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            JobsOptions options;
            try
            {
                options = jobs.Parse(parse) with { RunsServer = true };
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadUsage;
            }

            if (options.Database.Kind == JobDatabaseKind.Sqlite)
            {
                // Hangfire.Storage.SQLite guards its fetch with an in-process lock only: a second process on the same file
                // may fetch a job another is running (the run registry then makes it wait rather than run twice).
                console.MarkupLine("[yellow]warning:[/] workers scale out on PostgreSQL (--jobs postgres:...); on a SQLite job file, run one process.");
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Hangfire", LogLevel.Warning);
            builder.Services.AddAdmin();
            builder.Services.AddBackgroundJobs(options);
            using var host = builder.Build();
            console.MarkupLineInterpolated($"PerturbKG worker · jobs {options.Database} · host {options.HostId} · {options.Workers} workers");
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
