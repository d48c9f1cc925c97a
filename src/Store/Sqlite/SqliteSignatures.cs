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
        var signatures = new List<StoredSignature>();
        using (var command = connection.CreateCommand())
        {
            var filters = new List<string>();
            if (query.Datasets is { Count: > 0 } datasets)
            {
                var names = datasets.Select((d, i) => (Name: d, Parameter: $"$d{i}")).ToList();
                filters.Add($"d.name IN ({string.Join(", ", names.Select(n => n.Parameter))})");
                foreach (var (name, parameter) in names)
                {
                    command.Parameters.AddWithValue(parameter, name);
                }
            }

            if (query.Kind is { } kind)
            {
                filters.Add("s.kind = $kind");
                command.Parameters.AddWithValue("$kind", kind.ToString().ToLowerInvariant());
            }

            command.CommandText =
                "SELECT s.id, s.sig_id, d.name, s.kind, s.drug, s.cell, s.dose, s.dose_unit, s.time, s.time_unit, s.vector " +
                "FROM signatures s JOIN datasets d ON d.id = s.dataset" +
                (filters.Count > 0 ? " WHERE " + string.Join(" AND ", filters) : string.Empty) + " ORDER BY s.id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                signatures.Add(new StoredSignature(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<SignatureKind>(reader.GetString(3), ignoreCase: true),
                    reader.GetInt64(4), reader.GetInt64(5), Nullable(reader, 6), Text(reader, 7), Nullable(reader, 8), Text(reader, 9),
                    VectorBlob.FromBytes((byte[])reader[10])));
            }
        }

        var baselines = new Dictionary<long, float[]>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT cell, vector FROM cell_baselines ORDER BY dataset";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                baselines[reader.GetInt64(0)] = VectorBlob.FromBytes((byte[])reader[1]);
            }
        }

        return new SignatureSet(landmarks, signatures, baselines);
    }

    private static double? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
