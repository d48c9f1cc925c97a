using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Hangfire.Dashboard;
using PerturbKG.Admin.Api;
using PerturbKG.Admin.Pages;
using PerturbKG.Jobs;
using PerturbKG.Jobs.Runs;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The admin web server: server-rendered pages (retrain, results, query, ingest and schedules), the Hangfire Dashboard
/// at <c>/hangfire</c> (signed-in only, with its Runs pages), the JSON API, <c>/health</c>, and — unless the jobs options
/// say otherwise — a Hangfire server, in one process.
/// </summary>
internal static class AdminServer
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
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Hangfire", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddAdmin();
        builder.Services.AddBackgroundJobs(options.Jobs);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<InputConfinement>();
        builder.Services.AddAntiforgery();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // HttpErrors words them
        builder.Services.AddSingleton(new AdminToken(options.AdminToken ?? RandomNumberGenerator.GetHexString(32, lowercase: true)));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });

        var app = builder.Build();
        var token = app.Services.GetRequiredService<AdminToken>();
        app.Use((context, next) => HttpErrors.Handle(context, () => next(context)));
        app.Use((context, next) => token.Guard(context, () => next(context)));
        DashboardRunsPages.Register();
        app.UseHangfireDashboard(Dashboard, new DashboardOptions
        {
            Authorization = [new SignedInOnly(token)],
            AppPath = "/runs",
            DashboardTitle = "PerturbKG jobs",
            DisplayStorageConnectionString = false,
        });
        app.MapGet("/", () => Results.Redirect("/runs"));
        app.MapGet("/health", Health);
        SchedulesPage.Map(app);
        RetrainPage.Map(app);
        RunsPages.Map(app);
        QueryPage.Map(app);
        PredictPage.Map(app);
        LoginPage.Map(app);
        JobsApi.Map(app);
        PredictionsApi.Map(app);
        return app;
    }

    /// <summary>Where the Hangfire Dashboard is served.</summary>
    public const string Dashboard = "/hangfire";

    private static async Task<IResult> Health(RunRegistry registry, JobStorage storage, ServerOptions options, CancellationToken ct)
    {
        try
        {
            var (running, queued) = await registry.CountActiveAsync(ct);
            var servers = storage.GetMonitoringApi().Servers();
            return Results.Ok(new
            {
                status = "healthy",
                host = options.Jobs.HostId,
                jobs = options.Jobs.Database.ToString(),
                store = options.Store.ToString(),
                workers = options.Jobs.RunsServer ? options.Jobs.Workers : 0,
                hangfireServers = servers.Count,
                running,
                queued,
            });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return Results.Json(new { status = "unhealthy", error = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The dashboard (pages, CSS and JS alike) is for signed-in users: the sign-in cookie, or a bearer token for tools.</summary>
    private sealed class SignedInOnly(AdminToken token) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => token.SignedIn(context.GetHttpContext().Request);
    }
}
