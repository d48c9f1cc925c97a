using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace PerturbKG.Admin.Server;

/// <summary>
/// Who may change things. The API takes the admin token only as <c>Authorization: Bearer TOKEN</c> (a cookie is never
/// enough there, so no other site can make a browser call it). Pages and the dashboard use a session cookie set by the
/// sign-in page: an expiring value signed with the token (HMAC-SHA256), never the token itself; HttpOnly,
/// SameSite=Strict, Secure over HTTPS. Page forms (sign-out too) also need an antiforgery token, and a browser's
/// Origin or Referer must be this site. None → 401, wrong → 403.
/// </summary>
internal sealed class AdminToken(string token)
{
    public const string CookieName = "perturbkg_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(candidate));

    /// <summary>A new session value: its expiry and a signature over it.</summary>
    public string NewSession()
    {
        var expires = DateTimeOffset.UtcNow.Add(SessionLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{expires}.{Sign(expires)}";
    }

    /// <summary>Signed in: a valid bearer token, or (outside the API) a valid, unexpired session cookie.</summary>
    public bool SignedIn(HttpRequest request)
    {
        if (Bearer(request) is { } bearer)
        {
            return Matches(bearer);
        }

        return !request.Path.StartsWithSegments("/api") && request.Cookies.TryGetValue(CookieName, out var session) && ValidSession(session);
    }

    /// <summary>
    /// Checks requests before any endpoint runs: the dashboard needs sign-in for everything; a state-changing request
    /// needs sign-in (the API: a bearer token), and a page form also an antiforgery token from this site. Reads of
    /// pages and the API are open.
    /// </summary>
    public async Task Guard(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var changes = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsPatch(request.Method);
        var api = request.Path.StartsWithSegments("/api");
        var dashboard = request.Path.StartsWithSegments(AdminServer.Dashboard);
        if (dashboard && !SignedIn(request))
        {
            var page = HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
            if (page && !Presented(request))
            {
                context.Response.Redirect($"/login?next={Uri.EscapeDataString(request.Path + request.QueryString)}");
                return;
            }

            context.Response.StatusCode = Presented(request) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return;
        }

        if (!changes || dashboard)
        {
            await next(); // the dashboard checks its own antiforgery tokens
            return;
        }

        var signingIn = request.Path.StartsWithSegments("/login");
        if (!api && !await FromThisSiteAsync(context))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                "This form did not come from this site's pages (its antiforgery token or origin is missing or wrong): reload the page and try again.");
            return;
        }

        if (!signingIn && !SignedIn(request))
        {
            var given = Presented(request);
            await RefuseAsync(context, given ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized, given
                ? api ? "The admin token is wrong." : "Your sign-in is not valid any more: sign in again."
                : api ? "This action needs the admin token: send 'Authorization: Bearer TOKEN'." : "This action needs you to sign in at /login.");
            return;
        }

        await next();
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    // Whether the request carries any credential at all (to tell 401 from 403).
    private static bool Presented(HttpRequest request) =>
        Bearer(request) is not null || (!request.Path.StartsWithSegments("/api") && request.Cookies.ContainsKey(CookieName));

    private bool ValidSession(string session)
    {
        var dot = session.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(session[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(session[..dot]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(session[(dot + 1)..]))
            && DateTimeOffset.FromUnixTimeSeconds(expires) > DateTimeOffset.UtcNow;
    }

    private string Sign(string value) =>
        Convert.ToBase64String(HMACSHA256.HashData(_token, Encoding.UTF8.GetBytes($"perturbkg-session:{value}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // A page form: Origin (or, without it, Referer) names this host when a browser sends one, and the antiforgery token checks out.
    private static async Task<bool> FromThisSiteAsync(HttpContext context)
    {
        var request = context.Request;
        var source = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : request.Headers.Referer.ToString();
        if (source.Length > 0 && (!Uri.TryCreate(source, UriKind.Absolute, out var uri) ||
            !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) || uri.Scheme != request.Scheme))
        {
            return false;
        }

        return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await context.Response.WriteAsJsonAsync(new { error = message });
            return;
        }

        await Pages.Layout.Write(context, status == StatusCodes.Status403Forbidden ? "Not allowed" : "Sign in needed",
            $"<p class=\"error\">{Pages.Html.E(message)}</p><p><a href=\"/login\">Sign in</a></p>", signedIn: false);
    }
}
