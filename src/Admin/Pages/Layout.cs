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
            header { background: #1d3557; color: #fff; padding: .6rem 1.2rem; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: center; }
            header a, header button.link { color: #fff; }
            header .brand { font-weight: 700; margin-right: 1rem; }
            header .account { margin-left: auto; }
            main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
            table { border-collapse: collapse; width: 100%; background: #fff; margin: .5rem 0 1.2rem; }
            th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
            th { background: #eef1f5; font-weight: 600; }
            .wide { overflow-x: auto; } /* tables with many columns scroll inside the page, not the page */
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .state { padding: .05rem .45rem; border-radius: .6rem; font-size: .85em; background: #e3e6ea; }
            .state.running { background: #cfe3ff; } .state.succeeded { background: #cdeccf; }
            .state.failed { background: #f8d0d0; } .state.cancelled { background: #eee2c4; } .state.queued { background: #e9e3f7; }
            progress { width: 8rem; }
            pre.log { background: #111820; color: #d6e2ee; padding: .8rem; max-height: 28rem; overflow: auto; font-size: 12.5px; }
            form.inline { display: inline; margin: 0; }
            form.stack { background: #fff; padding: 1rem; margin: .5rem 0 1.2rem; }
            form.stack fieldset { border: 1px solid #e3e6ea; margin: 0 0 .9rem; padding: .3rem .9rem .6rem; }
            form.stack legend { font-weight: 700; padding: 0 .3rem; }
            /* One grid per row: label | input | hint; a row without a hint cannot push the next row's cells. */
            .field { display: grid; grid-template-columns: 12rem minmax(10rem, 24rem) minmax(0, 1fr); column-gap: .8rem; align-items: baseline; margin: .45rem 0; }
            .field > label, .field > .label { grid-column: 1; font-weight: 600; }
            .field > input, .field > select, .field > .choices { grid-column: 2; }
            .field > input[type=checkbox] { justify-self: start; }
            .field > small { grid-column: 3; color: #4a5561; }
            .field > .field-error { grid-column: 2 / span 2; }
            .choices { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
            .actions { margin: .6rem 0 0 12.8rem; }
            fieldset ~ .actions { margin-left: calc(12.8rem + .9rem + 1px); } /* under the inputs inside the fieldsets */
            @media (max-width: 760px) {
              .field { grid-template-columns: minmax(0, 1fr); }
              .field > * { grid-column: 1 !important; }
              .actions, fieldset ~ .actions { margin-left: 0; }
            }
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
            <a href="/retrain">Retrain</a><a href="/runs">Results</a><a href="/predict">Predict</a><a href="/query">Query</a><a href="/schedules">Ingest &amp; schedules</a>
            <a href="/hangfire/runs">Jobs (Hangfire)</a>
            <span class="account">{{account}}</span></header>
            <main>
            <h1>{{Html.E(title)}}</h1>
            {{body}}
            </main>
            <script>{{SuggestScript}}</script>
            </body>
            </html>
            """, "$0" + hidden));
    }

    // Fills an input's datalist with the store's names as one types (GET /api/names; reads need no sign-in).
    private const string SuggestScript = """
        document.querySelectorAll('input[data-suggest]').forEach(function (input) {
          var timer = 0, asked = null;
          input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
              var text = input.value.trim();
              if (text.length < 1 || text === asked) { return; }
              asked = text;
              fetch('/api/names?type=' + encodeURIComponent(input.dataset.suggest) + '&q=' + encodeURIComponent(text) + '&limit=15')
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (names) {
                  var list = document.getElementById(input.getAttribute('list'));
                  list.replaceChildren.apply(list, names.map(function (n) {
                    var option = document.createElement('option');
                    option.value = n.key;
                    option.label = n.name === n.key ? n.key : n.name;
                    return option;
                  }));
                })
                .catch(function () {});
            }, 150);
          });
        });
        """;

    [GeneratedRegex("<form method=\"post\"[^>]*>")]
    private static partial Regex PostForm();
}
