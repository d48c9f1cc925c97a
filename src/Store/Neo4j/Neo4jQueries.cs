using System.Globalization;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// Runs the named queries (<see cref="NamedQueries"/>) from <c>cypher/NAME.cypher</c>: names become keys first (with
/// close matches when there is no such drug, cell line, gene, signature or run), then the file runs as users run it.
/// </summary>
internal static class Neo4jQueries
{
    public static async Task<QueryResult> RunAsync(
        CypherSession session, string name, IReadOnlyDictionary<string, string> given, CancellationToken ct)
    {
        var query = NamedQueries.Get(name);
        var bound = query.Bind(given);
        var parameters = new Dictionary<string, object?>
        {
            ["run"] = await Neo4jPredictions.ResolveRunAsync(session, bound.GetValueOrDefault("run"), ct),
            ["limit"] = bound.TryGetValue("limit", out var limit) ? long.Parse(limit, CultureInfo.InvariantCulture) : null,
            ["direction"] = bound.GetValueOrDefault("direction"),
            ["drug"] = await KeyAsync(session, NodeTypes.Drug, bound.GetValueOrDefault("drug"), ct),
            ["cell"] = await KeyAsync(session, NodeTypes.CellLine, bound.GetValueOrDefault("cell"), ct),
            ["gene"] = await KeyAsync(session, NodeTypes.Gene, bound.GetValueOrDefault("gene"), ct),
            ["signature"] = bound.GetValueOrDefault("signature"),
        };
        if (bound.TryGetValue("signature", out var signature))
        {
            await RequireSignatureAsync(session, signature, ct);
        }

        return new QueryResult(name, query.Columns, await session.RunAsync(name, parameters, ct));
    }

    private static async Task<string?> KeyAsync(CypherSession session, string type, string? text, CancellationToken ct) =>
        text is null ? null : (await Neo4jNodes.ResolveAsync(session, type, text, ct)).Key;

    private static async Task RequireSignatureAsync(CypherSession session, string signature, CancellationToken ct)
    {
        var ids = (await session.RunAsync("signature-ids", new Dictionary<string, object?>
        {
            ["signature"] = signature, ["prefix"] = signature[..Math.Min(3, signature.Length)],
        }, ct)).Select(r => r.Text("sigId")).ToList();
        if (!ids.Contains(signature))
        {
            throw new NotFoundException("signature", signature, CloseMatches.Among(signature, ids));
        }
    }
}
