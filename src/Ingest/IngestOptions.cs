namespace PerturbKG.Ingest;

/// <summary>Everything one ingestion loads, as one dataset. Paths may be gzipped unless noted.</summary>
public sealed record IngestOptions
{
    /// <summary>The dataset's name: loading it again replaces what it loaded before.</summary>
    public string Dataset { get; init; } = "default";

    /// <summary>Stop at the first bad row instead of rejecting it and going on.</summary>
    public bool Strict { get; init; }

    /// <summary>Where every rejected row is written (TSV: file, line, kind, reason); none when null.</summary>
    public string? RejectsFile { get; init; }

    /// <summary>PrimeKG kg.csv files.</summary>
    public IReadOnlyList<string> PrimeKg { get; init; } = [];

    /// <summary>Node tables of generic graphs (id, name, kind), e.g. Hetionet nodes.tsv.</summary>
    public IReadOnlyList<string> NodeTables { get; init; } = [];

    /// <summary>Typed edge lists (source, relation, target), e.g. Hetionet edges.sif.</summary>
    public IReadOnlyList<string> EdgeLists { get; init; } = [];

    /// <summary>Hetionet-style metaedges.tsv naming the edge lists' relation codes.</summary>
    public string? Metaedges { get; init; }

    public IReadOnlyList<NodeFileInput> NodeAttributes { get; init; } = [];

    public IReadOnlyList<EmbeddingInput> Embeddings { get; init; } = [];

    public IReadOnlyList<string> GeneInfo { get; init; } = [];

    public IReadOnlyList<string> PertInfo { get; init; } = [];

    public IReadOnlyList<string> CellInfo { get; init; } = [];

    public IReadOnlyList<string> SigInfo { get; init; } = [];

    /// <summary>DrugBank ↔ LINCS cross-references (e.g. Hetionet compounds.tsv).</summary>
    public IReadOnlyList<string> DrugXref { get; init; } = [];

    /// <summary>Level-5 matrices, GCT (text, may be gzipped) or GCTX (HDF5).</summary>
    public IReadOnlyList<string> Matrices { get; init; } = [];

    public IReadOnlyList<string> SignatureTables { get; init; } = [];

    /// <summary>The cell line of signature tables that have no cell column (e.g. consensus signatures).</summary>
    public string? TableCell { get; init; }

    public IReadOnlyList<string> PairedTables { get; init; } = [];

    /// <summary>AnnData files (.h5ad): one signature per treated obs row.</summary>
    public IReadOnlyList<string> H5ad { get; init; } = [];

    /// <summary>How the .h5ad files' obs and var columns are read.</summary>
    public AnnData.H5adMapping H5adMapping { get; init; } = new();

    /// <summary>For long-layout paired tables: the column naming each treated sample's control.</summary>
    public string? PairColumn { get; init; }

    public IReadOnlyList<string> Baselines { get; init; } = [];

    /// <summary>Every input path with its role, for existence checks and provenance.</summary>
    public IEnumerable<(string Role, string Path)> Files() =>
        PrimeKg.Select(p => ("primekg", p))
            .Concat(NodeTables.Select(p => ("nodes", p)))
            .Concat(EdgeLists.Select(p => ("edges", p)))
            .Concat(Metaedges is null ? [] : new[] { ("metaedges", Metaedges) })
            .Concat(NodeAttributes.Select(a => ($"attributes:{a.NodeType}", a.Path)))
            .Concat(Embeddings.Select(e => ($"embeddings:{e.NodeType}:{e.Name}", e.Path)))
            .Concat(GeneInfo.Select(p => ("geneinfo", p)))
            .Concat(PertInfo.Select(p => ("pertinfo", p)))
            .Concat(CellInfo.Select(p => ("cellinfo", p)))
            .Concat(SigInfo.Select(p => ("siginfo", p)))
            .Concat(DrugXref.Select(p => ("drug-xref", p)))
            .Concat(Matrices.Select(p => ("matrix", p)))
            .Concat(SignatureTables.Select(p => ("signature-table", p)))
            .Concat(PairedTables.Select(p => ("paired-table", p)))
            .Concat(H5ad.Select(p => ("h5ad", p)))
            .Concat(Baselines.Select(p => ("baseline", p)));

    /// <summary>The same options with every input path replaced (e.g. by its resolved, confined form).</summary>
    public IngestOptions MapPaths(Func<string, string> map) => this with
    {
        PrimeKg = PrimeKg.Select(map).ToList(),
        NodeTables = NodeTables.Select(map).ToList(),
        EdgeLists = EdgeLists.Select(map).ToList(),
        Metaedges = Metaedges is null ? null : map(Metaedges),
        NodeAttributes = NodeAttributes.Select(a => a with { Path = map(a.Path) }).ToList(),
        Embeddings = Embeddings.Select(e => e with { Path = map(e.Path) }).ToList(),
        GeneInfo = GeneInfo.Select(map).ToList(),
        PertInfo = PertInfo.Select(map).ToList(),
        CellInfo = CellInfo.Select(map).ToList(),
        SigInfo = SigInfo.Select(map).ToList(),
        DrugXref = DrugXref.Select(map).ToList(),
        Matrices = Matrices.Select(map).ToList(),
        SignatureTables = SignatureTables.Select(map).ToList(),
        PairedTables = PairedTables.Select(map).ToList(),
        H5ad = H5ad.Select(map).ToList(),
        Baselines = Baselines.Select(map).ToList(),
    };

    public bool HasGraph => PrimeKg.Count > 0 || EdgeLists.Count > 0 || NodeTables.Count > 0;

    public bool HasLincs => GeneInfo.Count + PertInfo.Count + CellInfo.Count + SigInfo.Count + DrugXref.Count +
        Matrices.Count + SignatureTables.Count + PairedTables.Count + H5ad.Count + Baselines.Count > 0;
}

/// <summary>A per-node attribute file for one node type (drug, protein, disease, ...).</summary>
public sealed record NodeFileInput(string NodeType, string Path);

/// <summary>A named embedding file for one node type.</summary>
public sealed record EmbeddingInput(string NodeType, string Name, string Path);
