using System.CommandLine;
using PerturbKG.Admin.Server;
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
        var jobs = JobsArguments.Create(defaultWorkers: 2);
        var tokenFile = new Option<FileInfo?>("--admin-token-file") { Description = $"A file holding the admin token (else ${AdminServer.TokenVariable}). Never pass the token itself on the command line." };
        var environment = new Option<string>("--environment")
        {
            Description = "Production (needs an admin token) or Development (prints a one-off token if none is set).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production",
        };
        var device = CliApp.DeviceOption();
        device.Description = "Where loaded runs predict and explain: auto, cpu, cuda or cuda:N (training jobs choose their own with the device option).";
        var command = new Command("serve", "Serve the admin pages, the Hangfire Dashboard (/hangfire), the JSON API and /health, and run background jobs (--workers 0: none here).")
        {
            urls, store, jobs.Database, jobs.Data, jobs.HostId, jobs.Workers, tokenFile, environment, device,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location || !CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            JobsOptions jobOptions;
            string? token;
            try
            {
                jobOptions = jobs.Parse(parse);
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
                Jobs = jobOptions,
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

            console.MarkupLineInterpolated(
                $"PerturbKG admin on [bold]{options.Urls}[/] (dashboard {AdminServer.Dashboard}) · store {location} · jobs {jobOptions.Database} · host {jobOptions.HostId} · {jobOptions.Workers} workers");
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
