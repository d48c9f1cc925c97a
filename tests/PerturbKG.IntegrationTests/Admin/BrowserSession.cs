using System.Net;
using System.Text.RegularExpressions;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>What a browser holds for the admin pages: their cookies and the antiforgery token the pages' forms carry.</summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient _http;

    private BrowserSession(HttpClient http, CookieContainer cookies, string formToken)
    {
        _http = http;
        Cookies = cookies;
        FormToken = formToken;
    }

    public CookieContainer Cookies { get; }

    public string FormToken { get; }

    public HttpClient Http => _http;

    /// <summary>Opens the sign-in page (antiforgery cookie and token) and, when asked, signs in with the token.</summary>
    public static async Task<BrowserSession> OpenAsync(Uri site, string? signInWith)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site };
        var login = await http.GetStringAsync("/login", TestContext.Current.CancellationToken);
        var token = Token().Match(login).Groups[1].Value;
        var session = new BrowserSession(http, cookies, token);
        if (signInWith is not null)
        {
            var response = await session.PostFormAsync("/login", [new("token", signInWith)]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        return session;
    }

    /// <summary>Posts a page form with the antiforgery token, as the page would.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? origin = null, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken)
        {
            all.Add(new("__RequestVerificationToken", FormToken));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
