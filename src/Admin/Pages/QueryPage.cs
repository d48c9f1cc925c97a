using System.Text;
using MediatR;
using PerturbKG.Admin.Predictions;
using PerturbKG.Admin.Server;
using PerturbKG.Store.Predictions;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>The query form: any named query over predicted effects and explanations, answered as a table (a GET, so results can be bookmarked).</summary>
internal static class QueryPage
{
    public static void Map(WebApplication app) => app.MapGet("/query", Show);

    private static async Task Show(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var name = context.Request.Query["q"].ToString() is { Length: > 0 } q ? q : "top-genes";
        var query = NamedQueries.All.FirstOrDefault(x => x.Name == name) ?? NamedQueries.All[0];
        var given = query.Parameters.Where(p => context.Request.Query[p.Name].ToString().Length > 0)
            .ToDictionary(p => p.Name, p => context.Request.Query[p.Name].ToString());
        var choices = string.Concat(NamedQueries.All.Select(x => $"<a href=\"/query?q={x.Name}\"{(x.Name == query.Name ? " aria-current=\"page\"" : "")}>{x.Name}</a> "));
        var fields = string.Concat(query.Parameters.Select(p =>
            Field(p.Name, p.Name + (p.Required ? "" : " (optional)"), given.GetValueOrDefault(p.Name) ?? p.Default, NoErrors,
                hint: p.Name switch { "drug" => "DrugBank id or name", "cell" => "cell id, e.g. MCF7", "gene" => "Entrez id or symbol", "run" => "default: the current run", _ => null })));
        var body = new StringBuilder($"""
            <p>Queries: {choices}</p>
            <p>{E(query.Description)}</p>
            <form method="get" action="/query" class="stack" id="query-form">
            <input type="hidden" name="q" value="{E(query.Name)}">
            {fields}
            <span></span><button type="submit">Run query</button>
            </form>
            """);
        if (given.Count > 0)
        {
            try
            {
                var result = await mediator.Send(new QueryPredictions(server.Store, query.Name, given), context.RequestAborted);
                var head = string.Concat(result.Columns.Select(c => $"<th>{E(c)}</th>"));
                var rows = string.Concat(result.Rows.Select(r => $"<tr>{string.Concat(r.Select(v => v is double or float or long or int ? $"<td class=\"num\">{E(v)}</td>" : $"<td>{E(v)}</td>"))}</tr>"));
                body.Append(result.Rows.Count == 0 ? "<p id=\"no-rows\">No rows.</p>" : $"<table id=\"query-result\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>");
            }
            catch (Exception e) when (e is NotFoundException or ArgumentException or FluentValidation.ValidationException)
            {
                context.Response.StatusCode = e is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
                body.Append($"<p class=\"error\" id=\"query-error\">{E(e.Message)}</p>");
            }
        }

        await Layout.Write(context, "Query predictions", body.ToString(), token.SignedIn(context.Request));
    }
}
