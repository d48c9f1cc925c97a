using PerturbKG.Admin.Predictions;
using PerturbKG.Admin.Server;
using PerturbKG.Admin.Training;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Api;

/// <summary>The JSON API for predictions, mirroring <c>predict</c>, <c>explain</c>, <c>query</c> and <c>runs</c>.</summary>
internal static class PredictionsApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/predictions/runs", (HttpContext c, ServerOptions server) => Dispatch.Api(c, new ListRuns(server.Store)));
        api.MapPost("/predictions/runs/{id}/promote", (HttpContext c, string id, ServerOptions server) => Dispatch.Api(c, new PromoteRun(server.Store, id)));
        api.MapGet("/training-runs", (HttpContext c, int? limit, ServerOptions server) =>
            Dispatch.Api(c, new ListTrainingRuns(server.Store, Pages.RunsPages.Folders(server), limit ?? 200), runs => Results.Ok(runs.Select(r => new
            {
                r.Id, r.Source, State = r.State.ToString().ToLowerInvariant(), r.Store, Folder = r.Folder?.Directory, r.At,
                Split = r.Summary?.Split, Ranking = r.Summary?.Ranked().Select(m => new { Model = m, Metrics = r.Summary.Metrics[m] }),
                WrittenAs = r.Written?.Id, Current = r.Written?.IsCurrent ?? false, r.Effects, r.Paths,
            }))));
        api.MapGet("/queries", () => Results.Ok(NamedQueries.All));
        api.MapGet("/names", (HttpContext c, string? type, string? q, int? limit, ServerOptions server) =>
            Dispatch.Api(c, new SuggestNames(server.Store, type ?? "", q ?? "", limit ?? 15)));
        api.MapGet("/query/{name}", (HttpContext c, string name, ServerOptions server) =>
            Dispatch.Api(c, new QueryPredictions(server.Store, name, c.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()))));
        api.MapGet("/predict", (HttpContext c, string? run, string? drug, string? cell, int? top, string? smiles, string? targets, ServerOptions server) =>
            Dispatch.Api(c, new PredictPair(server.Store, run ?? "", drug, cell ?? "", top ?? 20, smiles,
                targets?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
        api.MapGet("/explain", (HttpContext c, string? run, string? drug, string? cell, string? gene, int? paths, ServerOptions server) =>
            Dispatch.Api(c, new ExplainEffect(server.Store, run ?? "", drug ?? "", cell ?? "", gene ?? "", paths ?? 5)));
    }
}
