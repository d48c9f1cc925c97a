using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using PerturbKG.Admin.Ingestion;
using PerturbKG.Ingest;
using PerturbKG.Ingest.AnnData;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg ingest --store sqlite:PATH [inputs...]</c>: loads one dataset, atomically.</summary>
internal static class IngestCommand
{
    private static readonly Option<string> Store = new("--store") { Description = "The store: sqlite:PATH (embedded) or bolt://HOST:7687. Required unless --h5ad-inspect." };
    private static readonly Option<string> Dataset = new("--dataset") { Description = "Dataset name; ingesting it again replaces it.", DefaultValueFactory = _ => "default" };
    private static readonly Option<string[]> PrimeKg = Files("--primekg", "PrimeKG kg.csv (relation, display_relation, x_index, ...).", "--kg");
    private static readonly Option<string[]> Nodes = Files("--nodes", "Node table of a generic graph (id, name, kind), e.g. Hetionet nodes.tsv.");
    private static readonly Option<string[]> Edges = Files("--edges", "Typed edge list (source, metaedge/relation, target), e.g. Hetionet edges.sif.gz.");
    private static readonly Option<string> Metaedges = new("--metaedges") { Description = "Hetionet-style metaedges.tsv naming the edge codes." };
    private static readonly Option<NodeFileInput[]> Attributes = new("--node-attributes")
    {
        Description = "Per-node attributes as TYPE=FILE (drug=drug_features.csv, protein=..., disease=...). Repeatable.",
        CustomParser = r => r.Tokens.Select(t => ParseTyped(r, t.Value, named: false)).OfType<(string Type, string Name, string Path)>().Select(t => new NodeFileInput(t.Type, t.Path)).ToArray(),
    };

    private static readonly Option<EmbeddingInput[]> Embeddings = new("--embeddings")
    {
        Description = "Node embeddings as TYPE:NAME=FILE (drug:molformer=drug_emb.csv). Repeatable.",
        CustomParser = r => r.Tokens.Select(t => ParseTyped(r, t.Value, named: true)).OfType<(string Type, string Name, string Path)>().Select(t => new EmbeddingInput(t.Type, t.Name, t.Path)).ToArray(),
    };

    private static readonly Option<string[]> GeneInfo = Files("--geneinfo", "LINCS gene info (GSE92742 gene_info, geneinfo_beta, or a 978-gene list).");
    private static readonly Option<string[]> PertInfo = Files("--pertinfo", "LINCS perturbagen/compound info (pert_info, compoundinfo_beta).");
    private static readonly Option<string[]> CellInfo = Files("--cellinfo", "LINCS cell info.");
    private static readonly Option<string[]> SigInfo = Files("--siginfo", "LINCS signature info (sig_info, siginfo_beta).");
    private static readonly Option<string[]> DrugXref = Files("--drug-xref", "DrugBank ↔ LINCS cross-reference (drugbank_id, lincs_pert_ids), e.g. Hetionet compounds.tsv.");
    private static readonly Option<string[]> Matrices = Files("--gct", "Level-5 signatures: GCT 1.2/1.3 text or GCTX (HDF5).", "--gctx");
    private static readonly Option<string[]> SignatureTables = Files("--signature-table", "Processed signatures: compound, cell, dose, time, then 978 gene columns.");
    private static readonly Option<string> TableCell = new("--table-cell") { Description = "Cell line of --signature-table rows when the table has no cell column (e.g. LINCS consensus signatures: one profile per compound)." };
    private static readonly Option<string[]> PairedTables = Files("--paired-table", "Treated/control expression, turned into deltas (wide basal_/treated_ or long with a pairing column).");
    private static readonly Option<string> PairColumn = new("--pair-column") { Description = "Long paired tables: the column naming each treated sample's control." };
    private static readonly Option<string[]> H5ad = Files("--h5ad", "AnnData .h5ad (chemCPA, PRnet, scPerturb, ...): one signature per treated obs row, the landmark genes from var.");
    private static readonly Option<string> H5adInspect = new("--h5ad-inspect") { Description = "Print an .h5ad's obs/var columns, shapes, layers and the column mapping ingest would use, then exit (no store needed)." };
    private static readonly Option<string> H5adLayer = new("--h5ad-layer") { Description = "Read this layer instead of X." };
    private static readonly Option<string> H5adCompound = new("--h5ad-compound") { Description = "obs column naming the compound (BRD id, DrugBank id, SMILES or name). Default: guessed (pert_id, drug, condition, ...)." };
    private static readonly Option<string> H5adSmiles = new("--h5ad-smiles") { Description = "obs column holding SMILES. Default: canonical_smiles or smiles." };
    private static readonly Option<string> H5adCell = new("--h5ad-cell") { Description = "obs column naming the cell line. Default: cell_id, cell_line, cell_type, ..." };
    private static readonly Option<string> H5adDose = new("--h5ad-dose") { Description = "obs column holding the dose. Default: pert_dose, dose_val, dose, ..." };
    private static readonly Option<string> H5adTime = new("--h5ad-time") { Description = "obs column holding the time. Default: pert_time, time, ..." };
    private static readonly Option<string> H5adControl = new("--h5ad-control") { Description = "COLUMN (true/1 = control) or COLUMN=VALUE. Default: control, pert_type ctl_*, or a compound named DMSO/control." };
    private static readonly Option<string> H5adGenes = new("--h5ad-genes") { Description = "var column with Entrez ids or symbols. Default: the var index." };
    private static readonly Option<H5adControls> H5adControlRows = new("--h5ad-controls")
    {
        Description = "Control rows: skip (default), baseline (each cell line's mean control is its baseline), subtract (as baseline, and treated rows are stored minus it), pair (treated rows minus the control --h5ad-pair-column names).",
        DefaultValueFactory = _ => H5adControls.Skip,
    };
    private static readonly Option<string> H5adPairColumn = new("--h5ad-pair-column") { Description = "With --h5ad-controls pair: the obs column naming each row's control by obs index. Default: paired_control_index." };
    private static readonly Option<string[]> Baselines = Files("--baseline", "Cell-line baseline expression: cell id, then 978 gene columns.");
    private static readonly Option<bool> Strict = new("--strict") { Description = "Stop at the first bad row instead of rejecting it." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as JSON (for machines)." };
    private static readonly Option<string> Rejects = new("--rejects")
    {
        Description = "Where every rejected row goes (TSV: file, line, kind, reason). Default: DATASET.rejects.tsv beside a SQLite store, else in the current folder.",
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("ingest", "Load a knowledge graph and/or LINCS L1000 data into a store, as one atomic dataset.")
        {
            Store, Dataset, PrimeKg, Nodes, Edges, Metaedges, Attributes, Embeddings, GeneInfo, PertInfo, CellInfo, SigInfo,
            DrugXref, Matrices, SignatureTables, TableCell, PairedTables, PairColumn, H5ad, H5adInspect, H5adLayer, H5adCompound, H5adSmiles,
            H5adCell, H5adDose, H5adTime, H5adControl, H5adGenes, H5adControlRows, H5adPairColumn, Baselines, Strict, Json, Rejects,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(H5adInspect) is { } inspect)
            {
                return H5adInspectView.Render(console, inspect, Mapping(parse), parse.GetValue(TableCell));
            }

            if (parse.GetValue(Store) is null)
            {
                console.MarkupLine("[red]error:[/] --store is required (sqlite:PATH or bolt://HOST:7687).");
                return ExitCodes.BadUsage;
            }

            if (StoreArgument.Parse(parse, Store, console) is not { } location)
            {
                return ExitCodes.BadUsage;
            }

            var json = parse.GetValue(Json);
            var runner = CliApp.Runner(parse, console);
            return await ConsoleProgress.RunAsync(console, !json && console.Profile.Capabilities.Interactive, progress =>
                runner.RunAsync(new IngestDataset(location, Options(parse) with { RejectsFile = RejectsPath(parse, location) }, progress), report =>
                {
                    if (json)
                    {
                        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(report, ReportJson.Options));
                    }
                    else
                    {
                        IngestReportView.Render(console, report);
                    }

                    return ExitCodes.Ok;
                }, ct));
        });
        return command;
    }

    /// <summary>The command line that ingests these options (shown after generate).</summary>
    public static string CommandLine(IngestOptions o, string store)
    {
        var parts = new List<string> { "perturbkg ingest", $"--store {store}", $"--dataset {o.Dataset}" };
        parts.AddRange(o.PrimeKg.Select(p => $"--primekg {p}"));
        parts.AddRange(o.NodeAttributes.Select(a => $"--node-attributes {a.NodeType}={a.Path}"));
        parts.AddRange(o.Embeddings.Select(e => $"--embeddings {e.NodeType}:{e.Name}={e.Path}"));
        parts.AddRange(o.GeneInfo.Select(p => $"--geneinfo {p}"));
        parts.AddRange(o.PertInfo.Select(p => $"--pertinfo {p}"));
        parts.AddRange(o.DrugXref.Select(p => $"--drug-xref {p}"));
        parts.AddRange(o.CellInfo.Select(p => $"--cellinfo {p}"));
        parts.AddRange(o.SigInfo.Select(p => $"--siginfo {p}"));
        parts.AddRange(o.Matrices.Select(p => $"--gct {p}"));
        parts.AddRange(o.H5ad.Select(p => $"--h5ad {p}"));
        parts.AddRange(o.Baselines.Select(p => $"--baseline {p}"));
        return string.Join(" \\\n    ", parts);
    }

    private static string RejectsPath(ParseResult parse, PerturbKG.Store.StoreLocation location)
    {
        if (parse.GetValue(Rejects) is { Length: > 0 } given)
        {
            return Path.GetFullPath(given);
        }

        var name = $"{string.Concat(parse.GetValue(Dataset)!.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'))}.rejects.tsv";
        var folder = location.Kind == PerturbKG.Store.StoreKind.Sqlite ? Path.GetDirectoryName(Path.GetFullPath(location.Target))! : Directory.GetCurrentDirectory();
        return Path.Combine(folder, name);
    }

    private static IngestOptions Options(ParseResult parse) => new()
    {
        Dataset = parse.GetValue(Dataset)!,
        Strict = parse.GetValue(Strict),
        PrimeKg = parse.GetValue(PrimeKg) ?? [],
        NodeTables = parse.GetValue(Nodes) ?? [],
        EdgeLists = parse.GetValue(Edges) ?? [],
        Metaedges = parse.GetValue(Metaedges),
        NodeAttributes = parse.GetValue(Attributes) ?? [],
        Embeddings = parse.GetValue(Embeddings) ?? [],
        GeneInfo = parse.GetValue(GeneInfo) ?? [],
        PertInfo = parse.GetValue(PertInfo) ?? [],
        CellInfo = parse.GetValue(CellInfo) ?? [],
        SigInfo = parse.GetValue(SigInfo) ?? [],
        DrugXref = parse.GetValue(DrugXref) ?? [],
        Matrices = parse.GetValue(Matrices) ?? [],
        SignatureTables = parse.GetValue(SignatureTables) ?? [],
        TableCell = parse.GetValue(TableCell),
        PairedTables = parse.GetValue(PairedTables) ?? [],
        PairColumn = parse.GetValue(PairColumn),
        H5ad = parse.GetValue(H5ad) ?? [],
        H5adMapping = Mapping(parse),
        Baselines = parse.GetValue(Baselines) ?? [],
    };

    private static H5adMapping Mapping(ParseResult parse) => new()
    {
        Layer = parse.GetValue(H5adLayer),
        Compound = parse.GetValue(H5adCompound),
        Smiles = parse.GetValue(H5adSmiles),
        Cell = parse.GetValue(H5adCell),
        Dose = parse.GetValue(H5adDose),
        Time = parse.GetValue(H5adTime),
        Control = parse.GetValue(H5adControl),
        Genes = parse.GetValue(H5adGenes),
        Controls = parse.GetValue(H5adControlRows),
        PairColumn = parse.GetValue(H5adPairColumn),
    };

    private static Option<string[]> Files(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description + " Repeatable.", Arity = ArgumentArity.OneOrMore };

    private static (string Type, string Name, string Path)? ParseTyped(ArgumentResult result, string token, bool named)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var head = equals > 0 ? token[..equals] : string.Empty;
        var path = equals > 0 ? token[(equals + 1)..] : string.Empty;
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        var (type, name) = named ? (colon > 0 ? head[..colon] : string.Empty, colon > 0 ? head[(colon + 1)..] : string.Empty) : (head, string.Empty);
        if (type.Length == 0 || path.Length == 0 || (named && name.Length == 0))
        {
            result.AddError(named
                ? $"'{token}' is not TYPE:NAME=FILE (e.g. drug:molformer=drug_embeddings.csv)."
                : $"'{token}' is not TYPE=FILE (e.g. drug=drug_features.csv).");
            return null;
        }

        return (type, name, path);
    }
}
