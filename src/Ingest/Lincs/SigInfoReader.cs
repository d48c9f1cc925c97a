using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// Reads signature tables (GSE92742 sig_info, GSE70138 sig_info, 2020 beta siginfo_beta), keeping only the signatures
/// asked for so full LINCS tables (over a million rows) do not fill memory.
/// </summary>
public static class SigInfoReader
{
    public static Dictionary<string, SignatureInfo> Read(InputFile file, IReadOnlySet<string>? wanted, Reporting.IngestIssues issues)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var id = header.Require("signature id", "sig_id", "signature_id", "cid");
        var signatures = new Dictionary<string, SignatureInfo>(StringComparer.Ordinal);
        string? Field(string[] names) => header.Find(names) is { } c ? reader.GetString(c) : null;
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            if (!RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            var sigId = reader.GetString(id).Trim();
            if (sigId.Length == 0 || (wanted is not null && !wanted.Contains(sigId)))
            {
                continue;
            }

            var info = SignatureInfo.From(sigId, Field);
            if (!signatures.TryAdd(sigId, info) && signatures[sigId] != info)
            {
                issues.Reject(file.Path, reader.LineNumber, Reporting.IssueKind.ConflictingDuplicateId,
                    $"signature {sigId} is described twice, differently");
            }
        }

        return signatures;
    }
}
