using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Tables;
using PerturbKG.Ingest.Text;

namespace PerturbKG.Ingest.AnnData;

/// <summary>
/// The obs columns an <c>.h5ad</c>'s rows are read from: those the mapping names (an unknown name is an error listing the
/// file's columns), else the first present of the usual names (chemCPA: condition, cell_type, dose_val, control,
/// canonical_smiles; PRnet and scPerturb: drug/perturbation, SMILES, cell_line, dose; LINCS: pert_id, cell_id, pert_dose).
/// </summary>
public sealed class H5adColumns
{
    private static readonly string[] CompoundNames = ["pert_id", "broad_id", "drugbank_id", "drug", "compound", "perturbation", "condition", "pert_iname", "cmap_name", "drug_name", "compound_name", "perturbagen"];
    private static readonly string[] SmilesNames = ["canonical_smiles", "smiles"];
    private static readonly string[] CellNames = ["cell_id", "cell_iname", "cell_line", "cell_type", "cell", "cell_name"];
    private static readonly string[] DoseNames = ["pert_dose", "dose_val", "dose_value", "dose", "pert_idose"];
    private static readonly string[] DoseUnitNames = ["pert_dose_unit", "dose_unit"];
    private static readonly string[] TimeNames = ["pert_time", "time", "pert_itime", "time_value"];
    private static readonly string[] TimeUnitNames = ["pert_time_unit", "time_unit"];
    private static readonly string[] ControlNames = ["control", "is_control", "ctrl"];
    private static readonly string[] ControlValues = ["dmso", "control", "ctl_vehicle", "ctl_untrt", "vehicle", "ctrl"];

    private readonly string? _controlValue;

    public H5adColumns(AnnDataFile file, H5adMapping mapping, string? defaultCell)
    {
        var obs = file.Obs;
        AnnDataColumn? Pick(string? named, string option, string[] usual) =>
            named is null ? obs.Find(usual) : obs.Find(named) ?? throw Unknown(file, named, option);

        Compound = Pick(mapping.Compound, "--h5ad-compound", CompoundNames);
        Smiles = Pick(mapping.Smiles, "--h5ad-smiles", SmilesNames);
        Cell = Pick(mapping.Cell, "--h5ad-cell", CellNames);
        Dose = Pick(mapping.Dose, "--h5ad-dose", DoseNames);
        DoseUnit = obs.Find(DoseUnitNames);
        Time = Pick(mapping.Time, "--h5ad-time", TimeNames);
        TimeUnit = obs.Find(TimeUnitNames);
        if (mapping.Control is { } control)
        {
            var equals = control.IndexOf('=', StringComparison.Ordinal);
            Control = obs.Find(equals > 0 ? control[..equals] : control) ?? throw Unknown(file, control, "--h5ad-control");
            _controlValue = equals > 0 ? control[(equals + 1)..] : null;
        }
        else
        {
            Control = obs.Find(ControlNames) ?? obs.Find("pert_type");
        }

        if (Compound is null && Smiles is null)
        {
            throw new InvalidInputException(file.Path, 0,
                $"no compound column in obs: expected one of {string.Join(", ", CompoundNames.Concat(SmilesNames))}, or name one with --h5ad-compound / --h5ad-smiles (obs columns: {ColumnList(file)})");
        }

        if (Cell is null && defaultCell is null)
        {
            throw new InvalidInputException(file.Path, 0,
                $"no cell line column in obs: expected one of {string.Join(", ", CellNames)}, or name one with --h5ad-cell, or give --table-cell (obs columns: {ColumnList(file)})");
        }

        if (mapping.Genes is { } genes && file.Var.Find(genes) is null)
        {
            throw new InvalidInputException(file.Path, 0, $"var has no column '{genes}' (--h5ad-genes); its columns: {string.Join(", ", file.Var.Columns.Select(c => c.Name))}");
        }

        GeneNames = mapping.Genes is { } g ? file.Var.Find(g)!.Values : file.Var.Index;
        GeneSource = mapping.Genes is { } named ? $"var column '{named}'" : $"var index ('{file.Var.IndexName}')";
    }

    public AnnDataColumn? Compound { get; }

    public AnnDataColumn? Smiles { get; }

    public AnnDataColumn? Cell { get; }

    public AnnDataColumn? Dose { get; }

    public AnnDataColumn? DoseUnit { get; }

    public AnnDataColumn? Time { get; }

    public AnnDataColumn? TimeUnit { get; }

    public AnnDataColumn? Control { get; }

    public string[] GeneNames { get; }

    public string GeneSource { get; }

    /// <summary>For each landmark position, the var column holding it, or -1.</summary>
    public int[] LandmarkColumns(LandmarkGeneSet landmarks, string file)
    {
        var columns = new int[landmarks.Count];
        Array.Fill(columns, -1);
        for (var i = 0; i < GeneNames.Length; i++)
        {
            if (landmarks.TryResolve(GeneNames[i], out var position) && columns[position] < 0)
            {
                columns[position] = i;
            }
        }

        var missing = Enumerable.Range(0, landmarks.Count).Where(p => columns[p] < 0).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Take(10).Select(p => $"{landmarks.Genes[p].Symbol} ({landmarks.Genes[p].Entrez})"));
            throw new InvalidInputException(file, 0,
                $"{landmarks.Count - missing.Count} of the {landmarks.Count} landmark genes are in the {GeneSource}; missing {missing.Count}: {names}{(missing.Count > 10 ? ", ..." : string.Empty)}" +
                " (name the var column holding Entrez ids or symbols with --h5ad-genes)");
        }

        return columns;
    }

    public bool IsControl(int row)
    {
        if (Control is not null)
        {
            var value = Control.Values[row].Trim();
            if (_controlValue is not null)
            {
                return string.Equals(value, _controlValue, StringComparison.OrdinalIgnoreCase);
            }

            return Control.Name.Equals("pert_type", StringComparison.OrdinalIgnoreCase)
                ? value.StartsWith("ctl_", StringComparison.OrdinalIgnoreCase)
                : value is "1" or "1.0" || value.Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        var compound = Compound?.Values[row].Trim();
        return compound is not null && ControlValues.Contains(compound, StringComparer.OrdinalIgnoreCase);
    }

    public CompoundInfo CompoundOf(int row)
    {
        var smiles = Smiles is null ? null : LincsText.Clean(Smiles.Values[row]);
        var info = new CompoundInfo(null, null, smiles, null, null, null);
        return Compound is not null && LincsText.Clean(Compound.Values[row]) is { } value ? info.Merge(TableCompound.Classify(value)) : info;
    }

    public string? CellOf(int row, string? defaultCell) => Cell is null ? defaultCell : LincsText.Clean(Cell.Values[row]) ?? defaultCell;

    public Amount DoseOf(int row) => Amount.Combine(Dose?.Values[row], DoseUnit?.Values[row]);

    public Amount TimeOf(int row) => Amount.Combine(Time?.Values[row], TimeUnit?.Values[row]);

    /// <summary>What was chosen, one line per role (for --h5ad-inspect and the report).</summary>
    public IEnumerable<(string Role, string Column)> Describe() =>
    [
        ("compound", Compound?.Name ?? "(none)"),
        ("smiles", Smiles?.Name ?? "(none)"),
        ("cell line", Cell?.Name ?? "(none: --table-cell)"),
        ("dose", Dose is null ? "(none)" : Dose.Name + (DoseUnit is null ? string.Empty : $" + {DoseUnit.Name}")),
        ("time", Time is null ? "(none)" : Time.Name + (TimeUnit is null ? string.Empty : $" + {TimeUnit.Name}")),
        ("control", Control is null ? $"(by compound name: {string.Join(", ", ControlValues)})" : Control.Name + (_controlValue is null ? string.Empty : $" = {_controlValue}")),
        ("genes", GeneSource),
    ];

    private static InvalidInputException Unknown(AnnDataFile file, string column, string option) =>
        new(file.Path, 0, $"obs has no column '{column}' ({option}); its columns: {ColumnList(file)}");

    private static string ColumnList(AnnDataFile file) => file.Obs.Columns.Count == 0 ? "(none)" : string.Join(", ", file.Obs.Columns.Select(c => c.Name));
}
