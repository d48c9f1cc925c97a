using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Tables;

/// <summary>
/// Turns treated/control expression tables into deltas (treated − control), in either layout:
/// <list type="bullet">
/// <item>wide: each row holds a control profile (<c>basal_</c>/<c>control_</c> columns) and a treated one
/// (<c>treated_</c> columns), as in TranSiGen's paired data;</item>
/// <item>long: control and treated samples are rows, marked by a <c>control</c> flag (or a ctl_* pert_type); a pairing
/// column names each treated row's control sample, or a group whose controls are averaged (PRnet's
/// <c>paired_control_index</c>).</item>
/// </list>
/// The long layout is read twice (controls first), so the file is never held in memory.
/// </summary>
public static class PairedTableReader
{
    private static readonly string[] ControlPrefixes = ["basal_", "control_", "ctl_", "x1_"];
    private static readonly string[] TreatedPrefixes = ["treated_", "trt_", "x2_"];
    private static readonly string[] PairColumns = ["paired_control_index", "paired_control", "control_id", "control_sample", "pair_id", "pair"];

    public static IEnumerable<RawSignature> Read(
        Func<InputFile> open, LandmarkGeneSet landmarks, string? pairColumn, IngestIssues issues, CancellationToken ct)
    {
        HeaderMap header;
        using (var file = open())
        using (var reader = DelimitedReader.Open(file))
        {
            header = HeaderMap.Read(reader);
        }

        var controlPrefix = ControlPrefixes.FirstOrDefault(p => header.Names.Count(n => n.StartsWith(p, StringComparison.OrdinalIgnoreCase)) >= landmarks.Count);
        var treatedPrefix = TreatedPrefixes.FirstOrDefault(p => header.Names.Count(n => n.StartsWith(p, StringComparison.OrdinalIgnoreCase)) >= landmarks.Count);
        return controlPrefix is not null && treatedPrefix is not null
            ? ReadWide(open, landmarks, controlPrefix, treatedPrefix, issues, ct)
            : ReadLong(open, header, landmarks, pairColumn, issues, ct);
    }

    private static IEnumerable<RawSignature> ReadWide(
        Func<InputFile> open, LandmarkGeneSet landmarks, string controlPrefix, string treatedPrefix, IngestIssues issues, CancellationToken ct)
    {
        using var file = open();
        using var reader = DelimitedReader.Open(file);
        var header = HeaderMap.Read(reader);
        var control = GeneColumns.Resolve(header, landmarks, controlPrefix);
        var treated = GeneColumns.Resolve(header, landmarks, treatedPrefix);
        var compound = new TableCompound(header);
        var conditions = new TableConditions(header);
        var id = header.Find("sig_id", "sample_id", "id", "pair_id");
        var basal = new float[landmarks.Count];
        while (reader.ReadRow())
        {
            if (reader.IsBlank || !RowWidth.Check(reader, header, issues))
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            var values = new float[landmarks.Count];
            if (!GeneColumns.TryRead(reader, header, treated, values, issues) || !GeneColumns.TryRead(reader, header, control, basal, issues))
            {
                continue;
            }

            for (var p = 0; p < values.Length; p++)
            {
                values[p] -= basal[p];
            }

            var sigId = id is { } i ? reader.GetString(i).Trim() : string.Empty;
            yield return new RawSignature(
                sigId.Length > 0 ? sigId : $"{Path.GetFileName(file.Path)}:{reader.LineNumber}",
                SignatureKind.Delta, compound.Read(reader), conditions.Cell(reader), conditions.Dose(reader),
                conditions.Time(reader), values, file.Path, reader.LineNumber);
        }
    }

    private static IEnumerable<RawSignature> ReadLong(
        Func<InputFile> open, HeaderMap firstHeader, LandmarkGeneSet landmarks, string? pairColumn, IngestIssues issues, CancellationToken ct)
    {
        var pair = pairColumn is not null
            ? firstHeader.Require("pairing", pairColumn)
            : firstHeader.Find(PairColumns) ?? throw new InvalidInputException(firstHeader.File, 1,
                $"neither a wide basal_/treated_ layout nor a pairing column ({string.Join(", ", PairColumns)}; or pass --pair-column)");
        var sample = firstHeader.Find("sample_id", "id", "distil_id", "inst_id", "sig_id") ?? 0;
        var controlFlag = firstHeader.Find("control", "is_control");
        var pertType = firstHeader.Find("pert_type");
        if (controlFlag is null && pertType is null)
        {
            throw new InvalidInputException(firstHeader.File, 1, "no 'control' flag or 'pert_type' column to tell control rows from treated ones");
        }

        bool IsControl(DelimitedReader r) => controlFlag is { } f
            ? r.GetString(f).Trim() is "1" or "1.0" || r.GetString(f).Trim().Equals("true", StringComparison.OrdinalIgnoreCase)
            : r.GetString(pertType!.Value).Trim().StartsWith("ctl", StringComparison.OrdinalIgnoreCase);

        // Pass 1: the control profiles, by sample id and by pairing group.
        var bySample = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var byGroup = new Dictionary<string, (double[] Sum, int Count)>(StringComparer.Ordinal);
        using (var file = open())
        using (var reader = DelimitedReader.Open(file))
        {
            var header = HeaderMap.Read(reader);
            var genes = GeneColumns.Resolve(header, landmarks);
            while (reader.ReadRow())
            {
                if (reader.IsBlank || reader.FieldCount != header.Count || !IsControl(reader))
                {
                    continue; // pass 2 reports malformed rows
                }

                var values = new float[landmarks.Count];
                if (GeneColumns.ReadValues(reader, genes, values) >= 0)
                {
                    continue;
                }

                bySample[reader.GetString(sample).Trim()] = values;
                var group = reader.GetString(pair).Trim();
                var (sum, count) = byGroup.TryGetValue(group, out var g) ? g : (new double[values.Length], 0);
                for (var p = 0; p < values.Length; p++)
                {
                    sum[p] += values[p];
                }

                byGroup[group] = (sum, count + 1);
            }
        }

        // Pass 2: every treated row minus its control.
        using var second = open();
        using var rows = DelimitedReader.Open(second);
        var columns = HeaderMap.Read(rows);
        var geneColumns = GeneColumns.Resolve(columns, landmarks);
        var compound = new TableCompound(columns);
        var conditions = new TableConditions(columns);
        while (rows.ReadRow())
        {
            if (rows.IsBlank || !RowWidth.Check(rows, columns, issues) || IsControl(rows))
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            var values = new float[landmarks.Count];
            if (!GeneColumns.TryRead(rows, columns, geneColumns, values, issues))
            {
                continue;
            }

            var key = rows.GetString(pair).Trim();
            if (bySample.TryGetValue(key, out var control))
            {
                for (var p = 0; p < values.Length; p++)
                {
                    values[p] -= control[p];
                }
            }
            else if (byGroup.TryGetValue(key, out var group))
            {
                for (var p = 0; p < values.Length; p++)
                {
                    values[p] -= (float)(group.Sum[p] / group.Count);
                }
            }
            else
            {
                issues.Reject(second.Path, rows.LineNumber, IssueKind.DanglingEndpoint,
                    $"paired control {FieldText.Quote(key)} is neither a control sample nor a group of controls in this file");
                continue;
            }

            yield return new RawSignature(
                rows.GetString(sample).Trim(), SignatureKind.Delta, compound.Read(rows), conditions.Cell(rows),
                conditions.Dose(rows), conditions.Time(rows), values, second.Path, rows.LineNumber);
        }
    }
}
