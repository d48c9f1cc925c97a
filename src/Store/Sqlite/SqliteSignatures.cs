using Microsoft.Data.Sqlite;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Store.Sqlite;

/// <summary>Reads signatures and cell baselines.</summary>
internal static class SqliteSignatures
{
    public static SignatureSet Load(SqliteConnection connection, SignatureQuery query)
    {
        var landmarks = SqliteLandmarks.Read(connection);
        var filters = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.Datasets is { Count: > 0 } datasets)
        {
            var names = datasets.Select((d, i) => (Name: d, Parameter: $"$d{i}")).ToList();
            filters.Add($"d.name IN ({string.Join(", ", names.Select(n => n.Parameter))})");
            parameters.AddRange(names.Select(n => (n.Parameter, (object?)n.Name)));
        }

        if (query.Kind is { } kind)
        {
            filters.Add("s.kind = $kind");
            parameters.Add(("$kind", kind.ToString().ToLowerInvariant()));
        }

        var signatures = connection.Query(
            "SELECT s.id, s.sig_id, d.name AS dataset, s.kind, s.drug, s.cell, s.dose, s.dose_unit, s.time, s.time_unit, s.vector " +
            "FROM signatures s JOIN datasets d ON d.id = s.dataset" +
            (filters.Count > 0 ? " WHERE " + string.Join(" AND ", filters) : string.Empty) + " ORDER BY s.id",
            r => new StoredSignature(
                r.Long("id"), r.Text("sig_id"), r.Text("dataset"), Enum.Parse<SignatureKind>(r.Text("kind"), ignoreCase: true),
                r.Long("drug"), r.Long("cell"), r.NullableDouble("dose"), r.NullableText("dose_unit"), r.NullableDouble("time"),
                r.NullableText("time_unit"), r.Vector("vector")),
            [.. parameters]);

        var baselines = new Dictionary<long, float[]>();
        connection.Each("SELECT cell, vector FROM cell_baselines ORDER BY dataset", r => baselines[r.Long("cell")] = r.Vector("vector"), CancellationToken.None);

        return new SignatureSet(landmarks, signatures, baselines);
    }
}
