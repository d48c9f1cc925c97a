using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Neo4j;

/// <summary>Reads landmark genes, signatures and cell baselines.</summary>
internal static class Neo4jSignatures
{
    public static async Task<IReadOnlyList<LandmarkGene>> LandmarksAsync(CypherSession session, CancellationToken ct) =>
        (await session.RunAsync("landmarks", null, ct))
            .Select(r => new LandmarkGene(r.Int("position"), r.Text("entrez"), r.Text("symbol"), r.Long("node")))
            .ToList();

    public static async Task<SignatureSet> LoadAsync(CypherSession session, SignatureQuery query, CancellationToken ct)
    {
        var landmarks = await LandmarksAsync(session, ct);
        var signatures = new List<StoredSignature>();
        var parameters = new Dictionary<string, object?>
        {
            ["datasets"] = query.Datasets is { Count: > 0 } names ? names.ToList() : null,
            ["kind"] = query.Kind?.ToString().ToLowerInvariant(),
        };
        await session.StreamAsync("signatures", parameters, r => signatures.Add(new StoredSignature(
            r.Long("id"), r.Text("sigId"), r.Text("dataset"), Enum.Parse<SignatureKind>(r.Text("kind"), ignoreCase: true),
            r.Long("drug"), r.Long("cell"), r.NullableDouble("dose"), r.NullableText("doseUnit"), r.NullableDouble("time"),
            r.NullableText("timeUnit"), r.Floats("values"))), ct);

        var baselines = new Dictionary<long, float[]>();
        await session.StreamAsync("baselines", null, r => baselines[r.Long("cell")] = r.Floats("values"), ct);
        return new SignatureSet(landmarks, signatures, baselines);
    }
}
