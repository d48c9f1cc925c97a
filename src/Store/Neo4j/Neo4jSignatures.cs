using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Neo4j;

/// <summary>Reads landmark genes, signatures and cell baselines.</summary>
internal static class Neo4jSignatures
{
    public static async Task<IReadOnlyList<LandmarkGene>> LandmarksAsync(CypherSession session, CancellationToken ct) =>
        (await session.RunAsync("landmarks", null, ct))
            .Select(r => new LandmarkGene(RecordValues.Int(r[0]), RecordValues.Text(r[1]), RecordValues.Text(r[2]), RecordValues.Long(r[3])))
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
            RecordValues.Long(r[0]), RecordValues.Text(r[1]), RecordValues.Text(r[2]), Enum.Parse<SignatureKind>(RecordValues.Text(r[3]), ignoreCase: true),
            RecordValues.Long(r[4]), RecordValues.Long(r[5]), RecordValues.NullableDouble(r[6]), RecordValues.NullableText(r[7]), RecordValues.NullableDouble(r[8]),
            RecordValues.NullableText(r[9]), RecordValues.Floats(r[10]))), ct);

        var baselines = new Dictionary<long, float[]>();
        await session.StreamAsync("baselines", null, r => baselines[RecordValues.Long(r[0])] = RecordValues.Floats(r[1]), ct);
        return new SignatureSet(landmarks, signatures, baselines);
    }
}
