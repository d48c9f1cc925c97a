using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.Tables;

/// <summary>
/// The cell line, dose and time columns of a table, by their usual names. A table without a cell column (e.g. LINCS
/// consensus signatures, one profile per compound) needs <paramref name="defaultCell"/>: every row is that cell line.
/// </summary>
public sealed class TableConditions(HeaderMap header, string? defaultCell = null)
{
    private readonly int? _cell = defaultCell is null
        ? header.Require("cell line", "cell_id", "cell_iname", "cell", "cell_line", "cell_name")
        : header.Find("cell_id", "cell_iname", "cell", "cell_line", "cell_name");
    private readonly int? _dose = header.Find("pert_dose", "dose", "pert_idose", "dose_value");
    private readonly int? _doseUnit = header.Find("pert_dose_unit", "dose_unit");
    private readonly int? _time = header.Find("pert_time", "time", "pert_itime", "time_value");
    private readonly int? _timeUnit = header.Find("pert_time_unit", "time_unit");

    public IEnumerable<int> Columns => new int?[] { _cell, _dose, _doseUnit, _time, _timeUnit }.OfType<int>();

    public string? Cell(DelimitedReader reader) => _cell is { } c ? LincsText.Clean(reader.GetString(c)) ?? defaultCell : defaultCell;

    public Amount Dose(DelimitedReader reader) => Amount.Combine(Text(reader, _dose), Text(reader, _doseUnit));

    public Amount Time(DelimitedReader reader) => Amount.Combine(Text(reader, _time), Text(reader, _timeUnit));

    private static string? Text(DelimitedReader reader, int? column) => column is { } c ? reader.GetString(c) : null;
}
