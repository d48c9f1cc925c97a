using PerturbKG.Admin.Server;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>Signing in with the admin token sets a signed, expiring session cookie (HttpOnly, SameSite=Strict) for pages and the dashboard.</summary>
internal static class LoginPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext c, AdminToken token) => Layout.Write(c, "Sign in", Form(null, Next(c.Request.Query["next"])), token.SignedIn(c.Request)));
        app.MapPost("/login", async (HttpContext c, AdminToken token) =>
        {
            var form = await c.Request.ReadFormAsync(c.RequestAborted);
            var given = form["token"].ToString();
            var next = Next(form["next"]);
            if (!token.Matches(given))
            {
                c.Response.StatusCode = given.Length == 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                await Layout.Write(c, "Sign in", Form(given.Length == 0 ? "Enter the admin token." : "That is not the admin token.", next), signedIn: false);
                return;
            }

            // The cookie holds a signed, expiring session value, never the token itself.
            c.Response.Cookies.Append(AdminToken.CookieName, token.NewSession(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = c.Request.IsHttps,
                MaxAge = AdminToken.SessionLifetime,
            });
            c.Response.Redirect(next);
        });
        app.MapPost("/logout", (HttpContext c) =>
        {
            c.Response.Cookies.Delete(AdminToken.CookieName);
            c.Response.Redirect("/runs");
        });
    }

    // Where to go after signing in: a path on this site only (never another host), else the dashboard's Runs page.
    private static string Next(string? next) =>
        next is { Length: > 1 } path && path[0] == '/' && path[1] != '/' && path[1] != '\\' ? path : $"{Server.AdminServer.Dashboard}/runs";

    private static string Form(string? error, string next) => $"""
        <p>Starting runs, changing schedules, promoting runs and the Hangfire Dashboard (job control) need the admin token
        (set with PERTURBKG_ADMIN_TOKEN or --admin-token-file when the server starts).</p>
        {(error is null ? "" : $"<p class=\"error\" id=\"login-error\">{E(error)}</p>")}
        <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value="{E(next)}">
        <div class="field"><label for="token">Admin token</label><input id="token" name="token" type="password" autocomplete="current-password"><small>the server's PERTURBKG_ADMIN_TOKEN, or the one serve printed</small></div>
        <div class="actions"><button type="submit">Sign in</button></div>
        </form>
        """;
}
