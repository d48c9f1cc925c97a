using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PerturbKG.Ingest.EdgeLists;
using PerturbKG.Ingest.Features;
using PerturbKG.Ingest.Graph;
using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Merge;
using PerturbKG.Ingest.PrimeKg;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Tables;
using PerturbKG.Ingest.Text;
using PerturbKG.Store;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest;

/// <summary>
/// Loads one dataset into a store, atomically: the graph (PrimeKG and/or typed edge lists), node attributes and
/// embeddings, then LINCS (landmark genes, compounds, cells, signatures, baselines) merged onto the graph. A file
/// that cannot be used aborts the whole load and leaves the store as it was; bad rows are rejected and reported
/// (or, with <see cref="IngestOptions.Strict"/>, abort too).
/// </summary>
public sealed class DatasetIngestion(ILogger<DatasetIngestion> logger)
{
    public async Task<IngestReport> RunAsync(
        IGraphStore store, IngestOptions options, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var issues = new IngestIssues(options.Strict, options.RejectsFile);
        issues.ForgetEarlierRejects();
        var files = new List<FileReport>();
        logger.LogInformation("Loading dataset {Dataset} into {Store}", options.Dataset, store.Location);

        GraphReport? graph = null;
        SignatureReport? signatures = null;
        var rates = new List<MatchRate>();
        await using (var load = await store.BeginDatasetAsync(options.Dataset, ct))
        {
            if (options.HasGraph)
            {
                graph = await LoadGraphAsync(load, options, issues, files, progress, ct);
            }

            await LoadNodeFilesAsync(load, options, issues, files, rates, ct);
            if (options.HasLincs)
            {
                signatures = await new LincsLoad(load, options, issues, files, rates, progress).RunAsync(ct);
            }

            if (load.NamesKept > 0)
            {
                // Not silent: the names another dataset gave these nodes were kept, this dataset's were not used.
                rates.Add(new MatchRate("nodes whose name another dataset gave was kept (this dataset's differs)", load.NamesKept, load.NamesKept));
                logger.LogWarning("{Count} nodes keep the names another dataset gave them; {Dataset} named them differently", load.NamesKept, options.Dataset);
            }

            foreach (var file in files)
            {
                await load.RecordFileAsync(new DatasetFile(file.Role, file.Path, file.Sha256, file.Bytes), ct);
            }

            logger.LogInformation("Committing dataset {Dataset} at {Seconds:F1} s", options.Dataset, clock.Elapsed.TotalSeconds);
            var stored = Report(options, store, clock, files, graph, signatures, rates, issues, summary: null);
            await load.CommitAsync(JsonSerializer.Serialize(stored with { StoreAfter = null! }, ReportJson.Options), ct);
        }

        var summary = await store.GetSummaryAsync(ct);
        logger.LogInformation(
            "Dataset {Dataset} loaded in {Seconds:F1} s: {Nodes} nodes, {Edges} edges, {Signatures} signatures, {Rejected} rows rejected",
            options.Dataset, clock.Elapsed.TotalSeconds, summary.Nodes, summary.Edges, summary.Signatures, issues.Total);
        return Report(options, store, clock, files, graph, signatures, rates, issues, summary);
    }

    private static IngestReport Report(IngestOptions options, IGraphStore store, Stopwatch clock, List<FileReport> files,
        GraphReport? graph, SignatureReport? signatures, List<MatchRate> rates, IngestIssues issues, StoreSummary? summary) => new(
        options.Dataset,
        store.Location.ToString(),
        clock.Elapsed.TotalSeconds,
        files,
        graph,
        signatures,
        rates,
        issues.Counts.ToDictionary(c => c.Key.ToString(), c => c.Value),
        issues.Total,
        issues.Kept,
        summary!) { RejectsFile = issues.RejectsFile };

    private async Task<GraphReport> LoadGraphAsync(IDatasetLoad load, IngestOptions options, IngestIssues issues,
        List<FileReport> files, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var bytes = options.PrimeKg.Concat(options.EdgeLists).Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);
        var builder = new KnowledgeGraphBuilder((int)Math.Clamp(bytes / 90, 1 << 16, 1 << 27));
        var primeKg = new PrimeKgReader(builder, issues);
        foreach (var path in options.PrimeKg)
        {
            using var file = InputFile.Open(path);
            var (rows, _) = primeKg.Read(file, progress, ct);
            files.Add(Describe(file, "primekg", rows, issues));
        }

        var edgeLists = new EdgeListReader(builder, issues);
        foreach (var path in options.NodeTables)
        {
            using var file = InputFile.Open(path);
            var (rows, _) = edgeLists.ReadNodes(file, ct);
            files.Add(Describe(file, "nodes", rows, issues));
        }

        var metaedges = MetaedgeCatalog.Empty;
        if (options.Metaedges is { } metaPath)
        {
            using var file = InputFile.Open(metaPath);
            metaedges = MetaedgeCatalog.Read(file);
            files.Add(Describe(file, "metaedges", 0, issues));
        }

        foreach (var path in options.EdgeLists)
        {
            using var file = InputFile.Open(path);
            var (rows, _) = edgeLists.ReadEdges(file, metaedges, progress, ct);
            files.Add(Describe(file, "edges", rows, issues));
        }

        logger.LogInformation("Read {Rows} graph rows in {Seconds:F1} s", builder.EdgeRows, clock.Elapsed.TotalSeconds);
        var built = builder.Build();
        logger.LogInformation("Folded them into {Edges} edges in {Seconds:F1} s", built.EdgeCount, clock.Elapsed.TotalSeconds);
        await GraphWriter.WriteAsync(load, built, progress, ct);
        logger.LogInformation("Wrote the graph by {Seconds:F1} s", clock.Elapsed.TotalSeconds);
        var relationNames = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var r = 0; r < built.Relations.Count; r++)
        {
            relationNames[built.Relations[r].Name] = relationNames.GetValueOrDefault(built.Relations[r].Name) + built.EdgesPerRelation[r];
        }

        return new GraphReport(
            built.Rows,
            built.EdgeCount,
            built.MirroredRows,
            built.DuplicateRows,
            built.Nodes.GroupBy(n => n.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            relationNames);
    }

    private static async Task LoadNodeFilesAsync(IDatasetLoad load, IngestOptions options, IngestIssues issues,
        List<FileReport> files, List<MatchRate> rates, CancellationToken ct)
    {
        foreach (var input in options.NodeAttributes)
        {
            var type = NodeTypeNames.Canonical(input.NodeType);
            var nodes = await NodeKeyResolver.CreateAsync(load, type, ct);
            using var file = InputFile.Open(input.Path);
            var attributes = NodeAttributeReader.Read(file, nodes, type, issues).ToList();
            await load.ClaimNodesAsync(attributes.Select(a => a.Node).Distinct().ToList(), ct);
            await load.SetNodeAttributesAsync(attributes, ct);
            var described = attributes.Select(a => a.Node).Distinct().Count();
            files.Add(Describe(file, $"attributes:{type}", described, issues));
            rates.Add(new MatchRate($"{type} nodes described by {Path.GetFileName(input.Path)}", described, nodes.Count));
        }

        foreach (var input in options.Embeddings)
        {
            var type = NodeTypeNames.Canonical(input.NodeType);
            var nodes = await NodeKeyResolver.CreateAsync(load, type, ct);
            using var file = InputFile.Open(input.Path);
            var dimension = 0;
            var stored = 0;
            // Written a batch at a time: embeddings of every PrimeKG node at 768-d would be 400 MB at once.
            foreach (var batch in EmbeddingReader.Read(file, nodes, type, issues, d => dimension = d).Chunk(4096))
            {
                await load.ClaimNodesAsync(batch.Select(v => v.Node).ToList(), ct);
                await load.AddNodeFeaturesAsync(input.Name, type, dimension, batch, ct);
                stored += batch.Length;
            }

            files.Add(Describe(file, $"embeddings:{type}:{input.Name}", stored, issues));
            rates.Add(new MatchRate($"{type} nodes with '{input.Name}' embeddings ({dimension}-d)", stored, nodes.Count));
        }
    }

    internal static FileReport Describe(InputFile file, string role, long rows, IngestIssues issues)
    {
        var provenance = file.Provenance(role);
        return new FileReport(role, provenance.Path, provenance.Sha256, provenance.Bytes, rows, issues.CountFor(file.Path));
    }
}
