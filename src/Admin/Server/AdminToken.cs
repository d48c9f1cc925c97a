using System.Security.Cryptography;
using System.Text;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The admin token: state-changing requests (POST, PUT, DELETE) carry it as <c>Authorization: Bearer TOKEN</c>
/// (API) or in the cookie the sign-in page sets (pages; SameSite=Strict, HttpOnly). None → 401, a wrong one → 403.
/// </summary>
public sealed class AdminToken(string token)
{
    public const string CookieName = "perturbkg_admin";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(candidate));

    /// <summary>The token the request carries, if any.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
    }

    public bool SignedIn(HttpRequest request) => Matches(From(request));

    /// <summary>
    /// Checks state-changing requests before any endpoint runs; reads are open, except the Hangfire Dashboard, which
    /// is for signed-in users only (a browser is sent to the sign-in page, anything else gets 401).
    /// </summary>
    public async Task Guard(HttpContext context, Func<Task> next)
    {
        var method = context.Request.Method;
        if (context.Request.Path.StartsWithSegments(Server.AdminServer.Dashboard) && !SignedIn(context.Request))
        {
            var page = HttpMethods.IsGet(method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
            if (page && From(context.Request) is null)
            {
                context.Response.Redirect($"/login?next={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
                return;
            }

            context.Response.StatusCode = From(context.Request) is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            return;
        }

        var changes = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);
        if (!changes || context.Request.Path.StartsWithSegments("/login") || context.Request.Path.StartsWithSegments("/logout"))
        {
            await next();
            return;
        }

        var given = From(context.Request);
        if (given is null || !Matches(given))
        {
            var status = given is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            var message = given is null
                ? "This action needs the admin token: sign in at /login, or send 'Authorization: Bearer TOKEN'."
                : "The admin token is wrong.";
            context.Response.StatusCode = status;
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                if (given is null)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                await context.Response.WriteAsJsonAsync(new { error = message });
            }
            else
            {
                await Pages.Layout.Write(context, given is null ? "Sign in needed" : "Wrong token",
                    $"<p class=\"error\">{Pages.Html.E(message)}</p><p><a href=\"/login\">Sign in</a></p>", signedIn: false);
            }

            return;
        }

        await next();
    }
}
