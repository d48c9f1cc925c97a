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
            {Submit("Run query")}
            </form>
            """);
        if (given.Count > 0)
        {
            body.Append(await Dispatch.PageAsync(context, async () =>
            {
                var result = await mediator.Send(new QueryPredictions(server.Store, query.Name, given), context.RequestAborted);
                var column = result.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
                var head = string.Concat(result.Columns.Select(c => $"<th>{E(c)}</th>"));
                var rows = string.Concat(result.Rows.Select(r => $"<tr>{string.Concat(r.Select((v, i) => Cell(result.Columns[i], v, column, r, given)))}</tr>"));
                return result.Rows.Count == 0 ? "<p id=\"no-rows\">No rows.</p>" : $"<table id=\"query-result\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>";
            }, "query-error"));
        }

        await Layout.Write(context, "Query predictions", body.ToString(), token.SignedIn(context.Request));
    }

    // A result cell; a drug or gene becomes a link to what explains it: with drug, cell and gene known (from the row and
    // the query), the stored explanation paths; with a drug and a cell, that drug's top genes there.
    private static string Cell(string column, object? value, IReadOnlyDictionary<string, int> columns, IReadOnlyList<object?> row, IReadOnlyDictionary<string, string> given)
    {
        if (value is double or float or long or int)
        {
            return $"<td class=\"num\">{E(value)}</td>";
        }

        if (column is not ("drug" or "gene") || value is null)
        {
            return $"<td>{E(value)}</td>";
        }

        string? Known(string name) => columns.TryGetValue(name, out var i) ? Convert.ToString(row[i], System.Globalization.CultureInfo.InvariantCulture) : given.GetValueOrDefault(name);
        var (drug, cell, gene, run) = (Known("drug"), given.GetValueOrDefault("cell"), Known("gene"), given.GetValueOrDefault("run"));
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        if (drug is not null && cell is not null && gene is not null)
        {
            return $"<td>{Link("/query", text, ("q", "explain"), ("drug", drug), ("cell", cell), ("gene", gene), ("run", run))}</td>";
        }

        return drug is not null && cell is not null && column == "drug"
            ? $"<td>{Link("/query", text, ("q", "top-genes"), ("drug", drug), ("cell", cell), ("run", run))}</td>"
            : $"<td>{E(value)}</td>";
    }
}
