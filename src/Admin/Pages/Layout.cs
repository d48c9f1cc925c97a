using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;

namespace PerturbKG.Admin.Pages;

/// <summary>
/// The page shell: navigation, styles, and (when asked) a refresh that keeps progress live without JavaScript. Every
/// POST form on the page gets the request's antiforgery token.
/// </summary>
internal static partial class Layout
{
    public static Task Write(HttpContext context, string title, string body, bool signedIn, int? refreshSeconds = null)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var hidden = $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
        context.Response.ContentType = "text/html; charset=utf-8";
        var refresh = refreshSeconds is { } s ? $"<meta http-equiv=\"refresh\" content=\"{s}\">" : "";
        var account = signedIn
            ? "<form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\" class=\"link\">sign out</button></form>"
            : "<a href=\"/login\">sign in</a>";
        return context.Response.WriteAsync(PostForm().Replace($$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            {{refresh}}
            <title>{{Html.E(title)}} · PerturbKG</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2630; background: #f7f8fa; }
            header { background: #1d3557; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; }
            header a, header button.link { color: #fff; }
            header .brand { font-weight: 700; margin-right: 1rem; }
            header .account { margin-left: auto; }
            main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
            table { border-collapse: collapse; width: 100%; background: #fff; margin: .5rem 0 1.2rem; }
            th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
            th { background: #eef1f5; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .state { padding: .05rem .45rem; border-radius: .6rem; font-size: .85em; background: #e3e6ea; }
            .state.running { background: #cfe3ff; } .state.succeeded { background: #cdeccf; }
            .state.failed { background: #f8d0d0; } .state.cancelled { background: #eee2c4; } .state.queued { background: #e9e3f7; }
            progress { width: 8rem; }
            pre.log { background: #111820; color: #d6e2ee; padding: .8rem; max-height: 28rem; overflow: auto; font-size: 12.5px; }
            form.inline { display: inline; margin: 0; }
            form.stack { display: grid; grid-template-columns: 12rem minmax(10rem, 24rem) 1fr; gap: .45rem .8rem; align-items: start; background: #fff; padding: 1rem; }
            form.stack label { padding-top: .25rem; font-weight: 600; }
            form.stack small, form.stack .field-error, form.stack .choices { grid-column: 3; }
            .field-error { color: #b00020; font-weight: 600; }
            [aria-invalid="true"] { border: 2px solid #b00020; }
            .notice { background: #fff7d6; border: 1px solid #e9d48a; padding: .6rem .8rem; }
            .error { color: #b00020; }
            button { cursor: pointer; } button.link { background: none; border: 0; text-decoration: underline; padding: 0; font: inherit; }
            iframe.report { width: 100%; height: 70rem; border: 1px solid #d0d5db; background: #fff; }
            </style>
            </head>
            <body>
            <header><span class="brand">PerturbKG</span>
            <a href="/retrain">Retrain</a><a href="/runs">Results</a><a href="/query">Query</a><a href="/schedules">Ingest &amp; schedules</a>
            <a href="/hangfire/runs">Jobs (Hangfire)</a>
            <span class="account">{{account}}</span></header>
            <main>
            <h1>{{Html.E(title)}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """, "$0" + hidden));
    }

    [GeneratedRegex("<form method=\"post\"[^>]*>")]
    private static partial Regex PostForm();
}
