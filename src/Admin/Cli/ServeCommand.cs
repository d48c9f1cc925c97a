using System.CommandLine;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Scheduling;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg serve --urls http://127.0.0.1:5080</c>: the admin pages, the JSON API and the background jobs.</summary>
internal static class ServeCommand
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
        var dataRoots = new Option<string[]>("--data-root")
        {
            Description = "A folder whose files API and form requests may ingest (repeatable; symbolic links and .. are resolved). None: requests ingest nothing.",
            AllowMultipleArgumentsPerToken = false,
        };
        var extraStores = new Option<string[]>("--extra-store")
        {
            Description = "Another store requests may use, as NAME=LOCATION (repeatable); requests name stores, \"default\" being --store.",
        };
        var device = CliApp.DeviceOption();
        device.Description = "Where loaded runs predict and explain: auto, cpu, cuda or cuda:N (training jobs choose their own with the device option).";
        var command = new Command("serve", "Serve the admin pages, the Hangfire Dashboard (/hangfire), the JSON API and /health, and run background jobs (--workers 0: none here).")
        {
            urls, store, jobs.Database, jobs.Data, jobs.HostId, jobs.Workers, dataRoots, extraStores, tokenFile, environment, device,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, store, console) is not { } location || !CliApp.UseDevice(parse, device, console))
            {
                return ExitCodes.BadUsage;
            }

            JobsOptions jobOptions;
            string? token;
            IReadOnlyList<string> roots;
            Dictionary<string, PerturbKG.Store.StoreLocation> extras;
            try
            {
                jobOptions = jobs.Parse(parse);
                token = Token(parse.GetValue(tokenFile));
                roots = Roots(parse.GetValue(dataRoots) ?? []);
                extras = ExtraStores(parse.GetValue(extraStores) ?? []);
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
                DataRoots = roots,
                ExtraStores = extras,
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

    private static IReadOnlyList<string> Roots(string[] folders) => folders.Select(folder =>
    {
        var real = InputConfinement.RealPath(Path.GetFullPath(folder), 0);
        return Directory.Exists(real) ? real : throw new ArgumentException($"--data-root {folder}: not a folder.");
    }).ToList();

    private static Dictionary<string, PerturbKG.Store.StoreLocation> ExtraStores(string[] values)
    {
        var stores = new Dictionary<string, PerturbKG.Store.StoreLocation>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || value[..equals] == InputConfinement.DefaultStore || !stores.TryAdd(value[..equals], PerturbKG.Store.StoreLocation.Parse(value[(equals + 1)..])))
            {
                throw new ArgumentException($"--extra-store {value}: give NAME=LOCATION with a new name other than \"default\".");
            }
        }

        return stores;
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
