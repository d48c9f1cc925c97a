namespace PerturbKG.Ingest.AnnData;

/// <summary>What becomes of an AnnData file's control rows.</summary>
public enum H5adControls
{
    /// <summary>Control rows are not loaded.</summary>
    Skip,

    /// <summary>Each cell line's mean control profile becomes its baseline.</summary>
    Baseline,

    /// <summary>As baseline, and every treated row is stored minus its cell line's mean control (for files of expression, not deltas).</summary>
    Subtract,

    /// <summary>Every treated row is stored minus the control row its pair column names (by obs index), as PRnet pairs them.</summary>
    Pair,
}

/// <summary>
/// Which obs columns say what a row of an <c>.h5ad</c> is about, and which var column names the genes. Every column left
/// null is guessed from the names chemCPA, PRnet, scPerturb and LINCS use (<see cref="H5adColumns"/>).
/// </summary>
public sealed record H5adMapping
{
    /// <summary>A layer to read instead of X.</summary>
    public string? Layer { get; init; }

    /// <summary>The compound column: a LINCS BRD id, DrugBank id, SMILES or name per row.</summary>
    public string? Compound { get; init; }

    public string? Smiles { get; init; }

    public string? Cell { get; init; }

    public string? Dose { get; init; }

    public string? Time { get; init; }

    /// <summary>The control flag: COLUMN (true/1 means control) or COLUMN=VALUE (rows with that value are controls).</summary>
    public string? Control { get; init; }

    /// <summary>The var column naming genes (Entrez id or symbol); the var index when null.</summary>
    public string? Genes { get; init; }

    /// <summary>With <see cref="H5adControls.Pair"/>: the obs column naming each treated row's control (default paired_control_index).</summary>
    public string? PairColumn { get; init; }

    public H5adControls Controls { get; init; } = H5adControls.Skip;
}
