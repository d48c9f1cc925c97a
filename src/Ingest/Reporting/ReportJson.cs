using System.Text.Json;
using System.Text.Json.Serialization;

namespace PerturbKG.Ingest.Reporting;

/// <summary>How ingestion reports are written as JSON (for --json and for the dataset record).</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
