using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerturbKG.Admin.Api;
using PerturbKG.Admin.Pages;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Runs;
using Quartz;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The admin web server: server-rendered pages (jobs, retrain, runs, query), the JSON API, <c>/health</c>, and the
/// background jobs host, in one process.
/// </summary>
public static class AdminServer
{
    public const string TokenVariable = "PERTURBKG_ADMIN_TOKEN";

    public static WebApplication Build(ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        if (options.AdminToken is null && options.IsProduction)
        {
            throw new InvalidOperationException(
                $"Refusing to start in production without an admin token: set {TokenVariable} (or --admin-token-file), or run with --environment Development for a one-off token.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.Environment,
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddAdmin();
        builder.Services.AddBackgroundJobs(options.Jobs);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new AdminToken(options.AdminToken ?? RandomNumberGenerator.GetHexString(32, lowercase: true)));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });

        var app = builder.Build();
        var token = app.Services.GetRequiredService<AdminToken>();
        app.Use((context, next) => token.Guard(context, () => next(context)));
        app.MapGet("/", () => Results.Redirect("/jobs"));
        app.MapGet("/health", Health);
        JobsPages.Map(app);
        RetrainPage.Map(app);
        RunsPages.Map(app);
        QueryPage.Map(app);
        LoginPage.Map(app);
        JobsApi.Map(app);
        PredictionsApi.Map(app);
        return app;
    }

    private static async Task<IResult> Health(RunRegistry registry, ISchedulerFactory schedulers, ServerOptions options, CancellationToken ct)
    {
        try
        {
            var (running, queued) = await registry.CountActiveAsync(ct);
            var scheduler = await schedulers.GetScheduler(ct);
            var status = await scheduler.GetStatus(ct);
            var started = status.ToString();
            return Results.Ok(new
            {
                status = "healthy",
                host = options.Jobs.HostId,
                jobs = options.Jobs.Database.ToString(),
                store = options.Store.ToString(),
                scheduler = started,
                running,
                queued,
            });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or SchedulerException or IOException)
        {
            return Results.Json(new { status = "unhealthy", error = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
