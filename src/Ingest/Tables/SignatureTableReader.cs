using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Tables;

/// <summary>
/// Reads a plain signature table: one row per signature with a compound (id, SMILES or name), a cell line, dose and
/// time, then the 978 landmark genes as columns headed by Entrez id or symbol. Without a cell column every row is
/// the default cell (<c>defaultCell</c>)'s.
/// </summary>
public static class SignatureTableReader
{
    public static IEnumerable<RawSignature> Read(InputFile file, LandmarkGeneSet landmarks, IngestIssues issues, CancellationToken ct, string? defaultCell = null)
    {
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var compound = new TableCompound(header);
        var conditions = new TableConditions(header, defaultCell);
        var genes = GeneColumns.Resolve(header, landmarks);
        var id = header.Find("sig_id", "signature_id", "id", "sample_id");
        while (reader.ReadRow())
        {
            if (reader.IsBlank)
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            if (!RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            var values = new float[landmarks.Count];
            if (!GeneColumns.TryRead(reader, header, genes, values, issues))
            {
                continue;
            }

            var sigId = id is { } i ? reader.GetString(i).Trim() : string.Empty;
            yield return new RawSignature(
                sigId.Length > 0 ? sigId : $"{Path.GetFileName(file.Path)}:{reader.LineNumber}",
                SignatureKind.Table,
                compound.Read(reader),
                conditions.Cell(reader),
                conditions.Dose(reader),
                conditions.Time(reader),
                values,
                file.Path,
                reader.LineNumber);
        }
    }
}
