using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Admin.Server;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>The real admin server (Kestrel; give it http://127.0.0.1:0 for a free port), quiet, for the fixtures.</summary>
internal static class RunningServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(ServerOptions options)
    {
        var app = AdminServer.Build(options, logging => { });
        await app.StartAsync();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    public static async ValueTask StopAsync(WebApplication? app)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
