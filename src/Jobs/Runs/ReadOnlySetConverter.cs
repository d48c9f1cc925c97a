using System.Text.Json;
using System.Text.Json.Serialization;

namespace PerturbKG.Jobs.Runs;

/// <summary>Reads and writes <see cref="IReadOnlySet{T}"/> of strings as a JSON array (System.Text.Json cannot create the interface).</summary>
public sealed class ReadOnlySetConverter : JsonConverter<IReadOnlySet<string>>
{
    public override IReadOnlySet<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<HashSet<string>>(ref reader, options) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlySet<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Order(StringComparer.Ordinal), options);
}
