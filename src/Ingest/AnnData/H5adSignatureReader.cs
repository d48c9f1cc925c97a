using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.AnnData;

/// <summary>
/// Turns an <c>.h5ad</c> into signatures: one per treated obs row (its landmark genes in landmark order, id = the obs
/// index), and — when asked — one mean control profile per cell line, as its baseline or subtracted from its treated
/// rows. Rows are read a block at a time; the "line" of a row in reports is its obs position + 1.
/// </summary>
public sealed class H5adSignatureReader
{
    private readonly AnnDataFile _file;
    private readonly H5adColumns _columns;
    private readonly AnnDataMatrix _matrix;
    private readonly int[] _landmarkColumns;
    private readonly int[] _sortedColumns;
    private readonly int[] _positionOfSorted;
    private readonly H5adControls _controls;
    private readonly string? _defaultCell;
    private readonly AnnDataColumn? _pair;
    private Dictionary<string, float[]>? _controlMeans;

    public H5adSignatureReader(AnnDataFile file, LandmarkGeneSet landmarks, H5adMapping mapping, string? defaultCell)
    {
        _file = file;
        _columns = new H5adColumns(file, mapping, defaultCell);
        _matrix = file.Matrix(mapping.Layer);
        _landmarkColumns = _columns.LandmarkColumns(landmarks, file.Path);
        _positionOfSorted = Enumerable.Range(0, _landmarkColumns.Length).OrderBy(p => _landmarkColumns[p]).ToArray();
        _sortedColumns = _positionOfSorted.Select(p => _landmarkColumns[p]).ToArray();
        _controls = mapping.Controls;
        _defaultCell = defaultCell;
        if (_controls == H5adControls.Pair)
        {
            _pair = (mapping.PairColumn is { } named ? file.Obs.Find(named) : file.Obs.Find("paired_control_index", "paired_control", "control_id", "pair_id"))
                ?? throw new Text.InvalidInputException(file.Path, 0,
                    $"--h5ad-controls pair needs the obs column naming each row's control ({mapping.PairColumn ?? "paired_control_index, control_id, ..."}); obs columns: {string.Join(", ", file.Obs.Columns.Select(c => c.Name))}");
        }
    }

    public H5adColumns Columns => _columns;

    /// <summary>Each cell line's mean control profile (read on first use), keyed by the cell as the file names it.</summary>
    public IReadOnlyDictionary<string, float[]> ControlMeans(CancellationToken ct) => _controlMeans ??= ComputeControlMeans(ct);

    public IEnumerable<RawSignature> Read(IngestIssues issues, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var means = _controls == H5adControls.Subtract ? ControlMeans(ct) : null;
        var partners = _pair is null ? null : Rows(ct, control: true).ToDictionary(r => _file.Obs.Index[r.Row], r => r.Values, StringComparer.Ordinal);
        foreach (var (row, values) in Rows(ct, control: false))
        {
            var cell = _columns.CellOf(row, _defaultCell);
            if (partners is not null)
            {
                var partner = _pair!.Values[row].Trim();
                if (!partners.TryGetValue(partner, out var control))
                {
                    issues.Reject(_file.Path, row + 1, IssueKind.DanglingEndpoint,
                        $"obs row {Text.FieldText.Quote(_file.Obs.Index[row])}: its control {Text.FieldText.Quote(partner)} ({_pair.Name}) is not a control row of the file");
                    continue;
                }

                for (var p = 0; p < values.Length; p++)
                {
                    values[p] -= control[p];
                }
            }
            else if (means is not null)
            {
                if (cell is null || !means.TryGetValue(cell, out var mean))
                {
                    issues.Reject(_file.Path, row + 1, IssueKind.MissingValue,
                        $"obs row {Text.FieldText.Quote(_file.Obs.Index[row])}: cell line {Text.FieldText.Quote(cell ?? "(none)")} has no control rows to subtract");
                    continue;
                }

                for (var p = 0; p < values.Length; p++)
                {
                    values[p] -= mean[p];
                }
            }

            yield return new RawSignature(_file.Obs.Index[row], SignatureKind.Table, _columns.CompoundOf(row), cell,
                _columns.DoseOf(row), _columns.TimeOf(row), values, _file.Path, row + 1);
            if (row % 4096 == 0)
            {
                progress?.Report(new IngestProgress($"h5ad {Path.GetFileName(_file.Path)}", row, _file.Obs.Count));
            }
        }
    }

    private Dictionary<string, float[]> ComputeControlMeans(CancellationToken ct)
    {
        var sums = new Dictionary<string, (double[] Sum, int Count)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, values) in Rows(ct, control: true))
        {
            if (_columns.CellOf(row, _defaultCell) is not { } cell)
            {
                continue;
            }

            if (!sums.TryGetValue(cell, out var entry))
            {
                entry = (new double[values.Length], 0);
            }

            for (var p = 0; p < values.Length; p++)
            {
                entry.Sum[p] += values[p];
            }

            sums[cell] = (entry.Sum, entry.Count + 1);
        }

        return sums.ToDictionary(s => s.Key, s => s.Value.Sum.Select(v => (float)(v / s.Value.Count)).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    // The rows that are (or are not) controls, with their landmark values in landmark order.
    private IEnumerable<(int Row, float[] Values)> Rows(CancellationToken ct, bool control)
    {
        var width = _sortedColumns.Length;
        var block = (int)Math.Clamp(16_000_000 / Math.Max(1, _matrix.Layout == "dense" ? _matrix.Columns : width), 1, 8192);
        var buffer = new float[block * width];
        for (var first = 0; first < _file.Obs.Count; first += block)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(block, _file.Obs.Count - first);
            var wanted = Enumerable.Range(first, count).Where(r => _columns.IsControl(r) == control).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            _matrix.ReadRows(first, count, _sortedColumns, buffer);
            foreach (var row in wanted)
            {
                var values = new float[width];
                var offset = (row - first) * width;
                for (var k = 0; k < width; k++)
                {
                    values[_positionOfSorted[k]] = buffer[offset + k];
                }

                yield return (row, values);
            }
        }
    }
}
