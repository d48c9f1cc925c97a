using PerturbKG.Ingest.Lincs.Gct;
using PerturbKG.Ingest.Lincs.Gctx;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// Turns a LINCS level-5 matrix (GCT text or GCTX) into signatures: one per column, the landmark rows in landmark
/// order, metadata from siginfo over the file's own column metadata.
/// </summary>
public sealed class MatrixSignatureSource(LandmarkGeneSet landmarks, IngestIssues issues)
{
    // A GCT holds genes as rows, so signatures are assembled a block of columns per pass over the file.
    private const long BytesPerPass = 256L << 20;
    private const int GctxBlock = 1024;

    /// <summary>The column (signature) ids of a matrix file, read from its header only.</summary>
    public static IReadOnlyList<string> ColumnIds(string path)
    {
        if (IsGctx(path))
        {
            using var gctx = GctxReader.Open(path);
            return gctx.ColumnIds;
        }

        using var file = InputFile.Open(path);
        using var gct = GctReader.Open(file);
        return gct.ColumnIds;
    }

    public static bool IsGctx(string path) =>
        path.EndsWith(".gctx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase);

    /// <summary>The landmark genes a matrix file itself lists (row metadata flags, or all rows if it has exactly 978).</summary>
    public static LandmarkGeneSet DeriveLandmarks(string path)
    {
        var rows = new List<(string? Entrez, string? Symbol, bool? IsLandmark)>();
        if (IsGctx(path))
        {
            using var gctx = GctxReader.Open(path);
            for (var r = 0; r < gctx.RowCount; r++)
            {
                rows.Add(MatrixRows.Describe(gctx.RowIds[r], f => gctx.RowMetadata.TryGetValue(f, out var v) ? v[r] : null));
            }
        }
        else
        {
            using var file = InputFile.Open(path);
            using var gct = GctReader.Open(file);
            while (gct.ReadRow())
            {
                rows.Add(MatrixRows.Describe(gct.RowId, gct.RowMeta));
            }
        }

        var flagged = rows.Any(r => r.IsLandmark is not null) ? rows.Where(r => r.IsLandmark == true).ToList() : rows;
        if (flagged.Count != LandmarkGeneSet.L1000Size || flagged.Any(r => r.Entrez is null))
        {
            throw new InvalidInputException(path, 0,
                $"no gene information was given and the file does not list the {LandmarkGeneSet.L1000Size} landmark genes with Entrez ids " +
                $"(found {flagged.Count(r => r.Entrez is not null)}); pass --geneinfo");
        }

        return new LandmarkGeneSet(flagged.Select(r => (r.Entrez!, r.Symbol ?? r.Entrez!)));
    }

    public IEnumerable<RawSignature> Read(string path, IReadOnlyDictionary<string, SignatureInfo> sigInfo,
        IProgress<IngestProgress>? progress, CancellationToken ct) =>
        IsGctx(path) ? ReadGctx(path, sigInfo, progress, ct) : ReadGct(path, sigInfo, progress, ct);

    private IEnumerable<RawSignature> ReadGctx(string path, IReadOnlyDictionary<string, SignatureInfo> sigInfo,
        IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var gctx = GctxReader.Open(path);
        var positions = new int[gctx.RowCount];
        var landmarkRows = new List<int>();
        for (var r = 0; r < gctx.RowCount; r++)
        {
            positions[r] = MatrixRows.Position(landmarks, gctx.RowIds[r], f => gctx.RowMetadata.TryGetValue(f, out var v) ? v[r] : null);
            if (positions[r] >= 0)
            {
                landmarkRows.Add(r);
            }
        }

        var rowOf = CheckCoverage(path, landmarkRows, r => positions[r], r => $"row {gctx.RowIds[r]}");
        var width = rowOf.Count;
        var buffer = new float[GctxBlock * width];
        for (var first = 0; first < gctx.ColumnCount; first += GctxBlock)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(GctxBlock, gctx.ColumnCount - first);
            gctx.ReadColumns(first, count, rowOf, buffer);
            for (var c = 0; c < count; c++)
            {
                var column = first + c;
                var values = new float[landmarks.Count];
                for (var k = 0; k < width; k++)
                {
                    values[positions[rowOf[k]]] = buffer[(c * width) + k];
                }

                var id = gctx.ColumnIds[column];
                var info = Describe(id, sigInfo, f => gctx.ColumnMetadata.TryGetValue(f, out var v) ? v[column] : null);
                yield return ToRaw(info, values, path, 0);
            }

            progress?.Report(new IngestProgress($"GCTX {Path.GetFileName(path)}", first + count, gctx.ColumnCount));
        }
    }

    private IEnumerable<RawSignature> ReadGct(string path, IReadOnlyDictionary<string, SignatureInfo> sigInfo,
        IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        int columns;
        using (var file = InputFile.Open(path))
        using (var header = GctReader.Open(file))
        {
            columns = header.ColumnCount;
        }

        var perPass = (int)Math.Clamp(BytesPerPass / (4L * landmarks.Count), 1, Math.Max(1, columns));
        for (var first = 0; first < columns; first += perPass)
        {
            var count = Math.Min(perPass, columns - first);
            foreach (var signature in ReadGctPass(path, first, count, sigInfo, ct))
            {
                yield return signature;
            }

            progress?.Report(new IngestProgress($"GCT {Path.GetFileName(path)}", first + count, columns));
        }
    }

    private List<RawSignature> ReadGctPass(string path, int first, int count, IReadOnlyDictionary<string, SignatureInfo> sigInfo, CancellationToken ct)
    {
        using var file = InputFile.Open(path);
        using var gct = GctReader.Open(file);
        var vectors = new float[count][];
        for (var c = 0; c < count; c++)
        {
            vectors[c] = new float[landmarks.Count];
            Array.Fill(vectors[c], float.NaN);
        }

        var seenAt = new long[landmarks.Count];
        var badValues = new Dictionary<int, (long Line, string Gene, string Text)>();
        while (gct.ReadRow())
        {
            if ((gct.RowLine & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var position = MatrixRows.Position(landmarks, gct.RowId, gct.RowMeta);
            if (position < 0)
            {
                continue;
            }

            if (seenAt[position] > 0)
            {
                issues.Reject(path, gct.RowLine, IssueKind.ConflictingDuplicateId,
                    $"row {gct.RowId} is landmark gene {landmarks.Genes[position].Symbol} again (first at line {seenAt[position]}); kept the first");
                continue;
            }

            seenAt[position] = gct.RowLine;
            for (var c = 0; c < count; c++)
            {
                if (gct.TryGetValue(first + c, out var v) && float.IsFinite(v))
                {
                    vectors[c][position] = v;
                }
                else
                {
                    badValues.TryAdd(c, (gct.RowLine, landmarks.Genes[position].Symbol, gct.RawValue(first + c)));
                }
            }
        }

        var missing = Enumerable.Range(0, landmarks.Count).Where(p => seenAt[p] == 0).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException(path, 0,
                $"{missing.Count} landmark genes have no row (e.g. {string.Join(", ", missing.Take(5).Select(p => landmarks.Genes[p].Symbol))}): signatures need all {landmarks.Count}");
        }

        var signatures = new List<RawSignature>(count);
        for (var c = 0; c < count; c++)
        {
            var column = first + c;
            var info = Describe(gct.ColumnIds[column], sigInfo, f => gct.ColumnMetadata.TryGetValue(f, out var v) ? v[column] : null);
            if (badValues.TryGetValue(c, out var bad))
            {
                issues.Reject(path, bad.Line, IssueKind.UnparsableNumber,
                    $"signature {info.SignatureId}: {FieldText.Quote(bad.Text)} for gene {bad.Gene} is not a number");
                continue;
            }

            signatures.Add(ToRaw(info, vectors[c], path, 3));
        }

        return signatures;
    }

    private List<int> CheckCoverage(string path, List<int> landmarkRows, Func<int, int> position, Func<int, string> describe)
    {
        var firstRow = new int[landmarks.Count];
        Array.Fill(firstRow, -1);
        var kept = new List<int>();
        foreach (var row in landmarkRows)
        {
            var p = position(row);
            if (firstRow[p] >= 0)
            {
                issues.Reject(path, 0, IssueKind.ConflictingDuplicateId,
                    $"{describe(row)} is landmark gene {landmarks.Genes[p].Symbol} again ({describe(firstRow[p])}); kept the first");
                continue;
            }

            firstRow[p] = row;
            kept.Add(row);
        }

        var missing = Enumerable.Range(0, landmarks.Count).Where(p => firstRow[p] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException(path, 0,
                $"{missing.Count} landmark genes have no row (e.g. {string.Join(", ", missing.Take(5).Select(p => landmarks.Genes[p].Symbol))}): signatures need all {landmarks.Count}");
        }

        return kept;
    }

    private static SignatureInfo Describe(string id, IReadOnlyDictionary<string, SignatureInfo> sigInfo, Func<string, string?> columnMeta)
    {
        var own = SignatureInfo.From(id, names => names.Select(columnMeta).FirstOrDefault(v => v is not null));
        return sigInfo.TryGetValue(id, out var listed) ? listed.Merge(own) : own;
    }

    private static RawSignature ToRaw(SignatureInfo info, float[] values, string path, long line) => new(
        info.SignatureId,
        SignatureKind.Level5,
        new CompoundInfo(info.PertId, info.PertName, null, null, null, info.PertType),
        info.CellId,
        info.Dose,
        info.Time,
        values,
        path,
        line);
}
