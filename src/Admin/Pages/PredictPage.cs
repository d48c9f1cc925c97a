using System.Text;
using MediatR;
using PerturbKG.Admin.Predictions;
using PerturbKG.Admin.Server;
using PerturbKG.Store.Predictions;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>
/// Predict a (drug, cell line) pair with a written run's GAT, and explain one gene's predicted effect by its attention
/// paths: the pages over <c>perturbkg predict</c> and <c>explain</c>. GET forms, so answers can be bookmarked.
/// </summary>
internal static class PredictPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/predict", Predict);
        app.MapGet("/explain", Explain);
    }

    private static async Task Predict(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var q = context.Request.Query;
        var (runs, run) = await RunsAsync(mediator, server, q["run"], context.RequestAborted);
        var (drug, cell, top) = (q["drug"].ToString(), q["cell"].ToString(), q["top"].ToString() is { Length: > 0 } t ? t : "20");
        var body = new StringBuilder($"""
            <p>Predicts the 978 landmark genes' change for a drug in a cell line with a run written to this store. A drug the
            run never saw is added to its graph with its own edges. Each gene links to the attention paths that carry its effect.</p>
            <form method="get" action="/predict" class="stack" id="predict-form">
            {RunField(runs, run)}
            {Field("drug", "Drug", drug, NoErrors, hint: "DrugBank id or name")}
            {Field("cell", "Cell line", cell, NoErrors, hint: "cell id, e.g. MCF7")}
            {Field("top", "Genes shown", top, NoErrors, "number", "largest |delta| first, 1–978")}
            {Submit("Predict")}
            </form>
            """);
        if (drug.Length > 0 || cell.Length > 0)
        {
            body.Append(await Dispatch.PageAsync(context, async () =>
            {
                var prediction = await mediator.Send(new PredictPair(server.Store, run ?? "", drug, cell, int.TryParse(top, out var n) ? n : 0), context.RequestAborted);
                var rows = string.Concat(prediction.Genes.Select(g =>
                    $"<tr><td class=\"num\">{g.Rank}</td><td>{Link("/explain", g.Gene, ("run", prediction.Run), ("drug", prediction.Drug.Key), ("cell", prediction.Cell.Key), ("gene", g.Gene))}</td>" +
                    $"<td>{E(g.Symbol)}</td><td class=\"num\">{E(g.Delta)}</td><td class=\"num\">{E(g.ZScore)}</td></tr>"));
                return $"<p id=\"prediction-note\">{E(prediction.Drug.Name)} ({E(prediction.Drug.Key)}, {E(prediction.DrugSource)}) in {E(prediction.Cell.Key)}, run {E(prediction.Run)}.</p>" +
                    $"<table id=\"prediction\"><thead><tr><th>Rank</th><th>Gene (paths)</th><th>Symbol</th><th>Delta</th><th>z-score</th></tr></thead><tbody>{rows}</tbody></table>";
            }, "answer-error"));
        }

        await Layout.Write(context, "Predict", body.ToString(), token.SignedIn(context.Request));
    }

    private static async Task Explain(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var q = context.Request.Query;
        var (runs, run) = await RunsAsync(mediator, server, q["run"], context.RequestAborted);
        var (drug, cell, gene, paths) = (q["drug"].ToString(), q["cell"].ToString(), q["gene"].ToString(), q["paths"].ToString() is { Length: > 0 } p ? p : "5");
        var body = new StringBuilder($"""
            <p>The attention paths from a drug to a gene that carry a run's predicted effect in a cell line, strongest first;
            each hop shows its relation and attention weight.</p>
            <form method="get" action="/explain" class="stack" id="explain-form">
            {RunField(runs, run)}
            {Field("drug", "Drug", drug, NoErrors, hint: "DrugBank id or name")}
            {Field("cell", "Cell line", cell, NoErrors, hint: "cell id, e.g. MCF7")}
            {Field("gene", "Gene", gene, NoErrors, hint: "a landmark gene: Entrez id or symbol")}
            {Field("paths", "Paths", paths, NoErrors, "number")}
            {Submit("Explain")}
            </form>
            """);
        if (drug.Length > 0 || gene.Length > 0)
        {
            body.Append(await Dispatch.PageAsync(context, async () =>
            {
                var found = await mediator.Send(new ExplainEffect(server.Store, run ?? "", drug, cell, gene, int.TryParse(paths, out var n) ? n : 0), context.RequestAborted);
                var rows = string.Concat(found.Paths.Select(x => $"<tr><td class=\"num\">{x.Rank}</td><td class=\"num\">{E(x.Score)}</td><td>{E(x.ToString())}</td></tr>"));
                return $"<p id=\"explanation-note\">{E(found.Drug.Name)} → {E(found.Gene.Name)} in {E(found.Cell.Key)}: predicted delta {E(found.Delta)} (run {E(found.Run)}).</p>" +
                    (found.Paths.Count == 0 ? "<p>No path reaches the gene within the run's hops.</p>"
                        : $"<table id=\"paths\"><thead><tr><th>Rank</th><th>Contribution</th><th>Path</th></tr></thead><tbody>{rows}</tbody></table>");
            }, "answer-error"));
        }

        await Layout.Write(context, "Explain a prediction", body.ToString(), token.SignedIn(context.Request));
    }

    // The store's written runs (for the run field's suggestions) and the run asked for, else the current one.
    private static async Task<(IReadOnlyList<PredictionRun> Runs, string? Run)> RunsAsync(IMediator mediator, ServerOptions server, string? asked, CancellationToken ct)
    {
        IReadOnlyList<PredictionRun> runs;
        try
        {
            runs = await mediator.Send(new ListRuns(server.Store), ct);
        }
        catch (Exception e) when (ErrorTable.Of(e) is { Status: not StatusCodes.Status500InternalServerError })
        {
            runs = [];
        }

        return (runs, string.IsNullOrWhiteSpace(asked) ? runs.FirstOrDefault(r => r.IsCurrent)?.Id : asked.Trim());
    }

    private static string RunField(IReadOnlyList<PredictionRun> runs, string? run)
    {
        var options = string.Concat(runs.Select(r => $"<option value=\"{E(r.Id)}\" label=\"{E($"{r.Model}, {r.WrittenAt:yyyy-MM-dd HH:mm}{(r.IsCurrent ? ", current" : "")}")}\"></option>"));
        return Row($"<label for=\"run\">Run</label><input id=\"run\" name=\"run\" value=\"{E(run)}\" list=\"run-names\" autocomplete=\"off\"><datalist id=\"run-names\">{options}</datalist>",
            "run", runs.Count == 0 ? "no run written to this store yet: train one with write-back" : "a run written to this store; default: the current one", NoErrors);
    }
}
