using System.CommandLine;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg serve --urls http://127.0.0.1:5080</c>: the admin pages, the JSON API and the background jobs.</summary>
public static class ServeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var store = StoreArgument.Create();
        var jobs = new Option<string>("--jobs")
        {
            Description = "The job registry and scheduler database: sqlite:PATH (embedded) or postgres:Host=...;Username=...;Database=... (server mode). Default: $PERTURBKG_JOBS_DB or sqlite:perturbkg-data/jobs.db.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PERTURBKG_JOBS_DB") ?? "sqlite:perturbkg-data/jobs.db",
        };
        var data = new Option<string>("--data") { Description = "Where run folders go (DATA/runs/RUN-ID).", DefaultValueFactory = _ => "perturbkg-data" };
        var host = new Option<string?>("--host-id") { Description = "This host's name in the registry (default: the machine name). Keep it stable across restarts." };
        var tokenFile = new Option<FileInfo?>("--admin-token-file") { Description = $"A file holding the admin token (else ${AdminServer.TokenVariable}). Never pass the token itself on the command line." };
        var environment = new Option<string>("--environment")
        {
            Description = "Production (needs an admin token) or Development (prints a one-off token if none is set).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production",
        };
        var device = CliApp.DeviceOption();
        device.Description = "Where loaded runs predict and explain: auto, cpu, cuda or cuda:N (training jobs choose their own with the device option).";
        var command = new Command("serve", "Serve the admin web page (jobs, retrain, runs, query), the JSON API and /health, and run background jobs.")
        {
            urls, store, jobs, data, host, tokenFile, environment, device,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location || !CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            JobDatabase database;
            string? token;
            try
            {
                database = JobDatabase.Parse(parse.GetValue(jobs)!);
                token = Token(parse.GetValue(tokenFile));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadUsage;
            }

            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                Store = location,
                Environment = parse.GetValue(environment)!,
                AdminToken = token,
                Jobs = new JobsOptions
                {
                    Database = database,
                    DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                    HostId = parse.GetValue(host) ?? Environment.MachineName,
                },
            };
            if (token is null && !options.IsProduction)
            {
                token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
                options = options with { AdminToken = token };
                console.MarkupLineInterpolated($"[yellow]No admin token configured; this session's token:[/] {token}");
            }

            WebApplication app;
            try
            {
                app = AdminServer.Build(options);
            }
            catch (InvalidOperationException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadUsage;
            }

            console.MarkupLineInterpolated($"PerturbKG admin on [bold]{options.Urls}[/] · store {location} · jobs {database} · host {options.Jobs.HostId}");
            await app.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? Token(FileInfo? file)
    {
        if (file is not null)
        {
            var text = File.ReadAllText(file.FullName).Trim();
            return text.Length >= 16 ? text : throw new ArgumentException($"{file.FullName}: the admin token must be at least 16 characters.");
        }

        var variable = Environment.GetEnvironmentVariable(AdminServer.TokenVariable);
        if (string.IsNullOrWhiteSpace(variable))
        {
            return null;
        }

        return variable.Trim().Length >= 16 ? variable.Trim() : throw new ArgumentException($"{AdminServer.TokenVariable} must be at least 16 characters.");
    }
}
