namespace PerturbKG.Ingest.Synthetic;

/// <summary>Node counts, relation sizes and LINCS coverage of one generator scale.</summary>
public sealed record ScaleProfile(
    GeneratorScale Scale,
    IReadOnlyDictionary<string, int> Nodes,
    IReadOnlyList<RelationSpec> Relations,
    int CellLines,
    double DrugsInLincs,
    double CellCoverage,
    int DuplicateRows)
{
    /// <summary>PrimeKG's node counts by type (kg.csv type names).</summary>
    public static readonly IReadOnlyDictionary<string, int> PrimeKgNodes = new Dictionary<string, int>
    {
        ["gene/protein"] = 27_671, ["drug"] = 7_957, ["effect/phenotype"] = 15_311, ["disease"] = 17_080,
        ["biological_process"] = 28_642, ["molecular_function"] = 11_169, ["cellular_component"] = 4_176,
        ["exposure"] = 818, ["pathway"] = 2_516, ["anatomy"] = 14_035,
    };

    /// <summary>PrimeKG's relations and their undirected edge counts (each is two kg.csv rows). They sum to 4,050,000; with 498 rows written twice that is kg.csv's 8,100,498 rows.</summary>
    public static readonly IReadOnlyList<RelationSpec> PrimeKgRelations =
    [
        new("protein_protein", "ppi", "gene/protein", "gene/protein", 321_075),
        new("drug_protein", "target", "drug", "gene/protein", 25_653),
        new("drug_drug", "synergistic interaction", "drug", "drug", 1_336_314),
        new("anatomy_protein_present", "expression present", "anatomy", "gene/protein", 1_499_218),
        new("anatomy_protein_absent", "expression absent", "anatomy", "gene/protein", 19_887),
        new("drug_effect", "side effect", "drug", "effect/phenotype", 64_784),
        new("bioprocess_protein", "interacts with", "biological_process", "gene/protein", 144_805),
        new("disease_phenotype_positive", "phenotype present", "disease", "effect/phenotype", 150_317),
        new("cellcomp_protein", "interacts with", "cellular_component", "gene/protein", 83_402),
        new("disease_protein", "associated with", "disease", "gene/protein", 80_411),
        new("molfunc_protein", "interacts with", "molecular_function", "gene/protein", 69_530),
        new("bioprocess_bioprocess", "parent-child", "biological_process", "biological_process", 52_886),
        new("pathway_protein", "interacts with", "pathway", "gene/protein", 42_646),
        new("disease_disease", "parent-child", "disease", "disease", 32_194),
        new("contraindication", "contraindication", "drug", "disease", 30_675),
        new("phenotype_phenotype", "parent-child", "effect/phenotype", "effect/phenotype", 37_472),
        new("anatomy_anatomy", "parent-child", "anatomy", "anatomy", 14_032),
        new("molfunc_molfunc", "parent-child", "molecular_function", "molecular_function", 13_574),
        new("indication", "indication", "drug", "disease", 9_388),
        new("cellcomp_cellcomp", "parent-child", "cellular_component", "cellular_component", 4_845),
        new("phenotype_protein", "associated with", "effect/phenotype", "gene/protein", 3_330),
        new("off-label use", "off-label use", "drug", "disease", 2_568),
        new("pathway_pathway", "parent-child", "pathway", "pathway", 2_535),
        new("exposure_disease", "linked to", "exposure", "disease", 2_304),
        new("exposure_exposure", "parent-child", "exposure", "exposure", 2_070),
        new("exposure_bioprocess", "interacts with", "exposure", "biological_process", 1_625),
        new("exposure_protein", "interacts with", "exposure", "gene/protein", 1_212),
        new("disease_phenotype_negative", "phenotype absent", "disease", "effect/phenotype", 1_193),
        new("exposure_molfunc", "interacts with", "exposure", "molecular_function", 45),
        new("exposure_cellcomp", "interacts with", "exposure", "cellular_component", 10),
    ];

    public static ScaleProfile For(GeneratorScale scale) => scale switch
    {
        GeneratorScale.Tiny => Scaled(scale, 1_200, 60, 40, 4, 0.9, 0.75, 2),
        GeneratorScale.Small => Scaled(scale, 3_000, 300, 200, 8, 0.85, 0.6, 6),
        GeneratorScale.Medium => Scaled(scale, 10_000, 1_500, 1_200, 20, 0.8, 0.4, 40),
        GeneratorScale.PrimeKg => new ScaleProfile(scale, PrimeKgNodes, PrimeKgRelations, 30, 0.6, 0.1, 498),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, null),
    };

    public int NodeCount => Nodes.Values.Sum();

    public long EdgeCount => Relations.Sum(r => (long)r.Count);

    // Smaller graphs keep PrimeKG's mix: each relation scales with the geometric mean of its endpoint types' sizes.
    private static ScaleProfile Scaled(GeneratorScale scale, int genes, int drugs, int others, int cells, double drugsInLincs, double coverage, int duplicates)
    {
        var nodes = new Dictionary<string, int>();
        foreach (var (type, count) in PrimeKgNodes)
        {
            nodes[type] = type switch
            {
                "gene/protein" => genes,
                "drug" => drugs,
                _ => Math.Max(8, (int)Math.Round(others * (double)count / 17_080)),
            };
        }

        var relations = PrimeKgRelations.Select(r =>
        {
            var (x, y) = (nodes[r.SourceType], nodes[r.TargetType]);
            var factor = Math.Sqrt((double)x * y / ((double)PrimeKgNodes[r.SourceType] * PrimeKgNodes[r.TargetType]));
            var capacity = r.SourceType == r.TargetType ? (long)x * (x - 1) / 6 : (long)x * y / 3;
            return r with { Count = (int)Math.Clamp(Math.Round(r.Count * factor), 1, capacity) };
        }).ToList();
        return new ScaleProfile(scale, nodes, relations, cells, drugsInLincs, coverage, duplicates);
    }
}

/// <summary>One kg.csv relation and how many undirected edges it gets.</summary>
public sealed record RelationSpec(string Name, string Display, string SourceType, string TargetType, int Count);
