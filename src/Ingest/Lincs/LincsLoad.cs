using PerturbKG.Ingest.Merge;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Tables;
using PerturbKG.Ingest.Text;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// The LINCS half of a dataset load: fixes the landmark gene set and joins it to gene nodes, reads the annotation
/// tables, loads cell baselines, then streams every signature source through one <see cref="SignatureSink"/>.
/// </summary>
internal sealed class LincsLoad(
    IDatasetLoad load,
    IngestOptions options,
    IngestIssues issues,
    List<FileReport> files,
    List<MatchRate> rates,
    IProgress<IngestProgress>? progress)
{
    public async Task<SignatureReport> RunAsync(CancellationToken ct)
    {
        var landmarks = await LandmarksAsync(ct);
        rates.Add(await LandmarkNodes.WriteAsync(load, landmarks, ct));

        var compounds = new CompoundCatalog();
        foreach (var path in options.PertInfo)
        {
            using var file = InputFile.Open(path);
            var table = PertInfoReader.Read(file, issues);
            compounds.AddPertInfo(table);
            files.Add(DatasetIngestion.Describe(file, "pertinfo", table.Count, issues));
        }

        foreach (var path in options.DrugXref)
        {
            using var file = InputFile.Open(path);
            var table = DrugXrefReader.Read(file);
            compounds.AddCrossReferences(table);
            files.Add(DatasetIngestion.Describe(file, "drug-xref", table.Count, issues));
        }

        Dictionary<string, IReadOnlyDictionary<string, string>>? cellInfo = null;
        foreach (var path in options.CellInfo)
        {
            using var file = InputFile.Open(path);
            var table = CellInfoReader.Read(file);
            cellInfo ??= new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (cell, attributes) in table)
            {
                cellInfo.TryAdd(cell, attributes);
            }

            files.Add(DatasetIngestion.Describe(file, "cellinfo", table.Count, issues));
        }

        var signatureInfo = ReadSignatureInfo();
        var cells = new CellLines(await load.FindNodesAsync(NodeTypes.CellLine, ct), cellInfo);
        await LoadBaselinesAsync(landmarks, cells, ct);

        var matcher = new CompoundMatcher(
            await load.FindNodesAsync(NodeTypes.Drug, ct),
            await load.FindNodeAttributeAsync(NodeTypes.Drug, "inchikey", ct),
            await load.FindNodeAttributeAsync(NodeTypes.Drug, "drugbank_id", ct));
        var sink = new SignatureSink(load, issues, matcher, compounds, cells, landmarks.Count);
        var matrices = new MatrixSignatureSource(landmarks, issues);
        foreach (var path in options.Matrices)
        {
            foreach (var signature in matrices.Read(path, signatureInfo, progress, ct))
            {
                await sink.AddAsync(signature, ct);
            }

            files.Add(HashOnly(path, MatrixSignatureSource.IsGctx(path) ? "gctx" : "gct", sink.ReadByFile.GetValueOrDefault(path)));
        }

        foreach (var path in options.SignatureTables)
        {
            using var file = InputFile.Open(path);
            foreach (var signature in SignatureTableReader.Read(file, landmarks, issues, ct, options.TableCell))
            {
                await sink.AddAsync(signature, ct);
            }

            files.Add(DatasetIngestion.Describe(file, "signature-table", sink.ReadByFile.GetValueOrDefault(path), issues));
        }

        foreach (var path in options.PairedTables)
        {
            foreach (var signature in PairedTableReader.Read(() => InputFile.Open(path), landmarks, options.PairColumn, issues, ct))
            {
                await sink.AddAsync(signature, ct);
            }

            files.Add(HashOnly(path, "paired-table", sink.ReadByFile.GetValueOrDefault(path)));
        }

        foreach (var path in options.H5ad)
        {
            using var h5ad = AnnData.AnnDataFile.Open(path);
            var reader = new AnnData.H5adSignatureReader(h5ad, landmarks, options.H5adMapping, options.TableCell);
            if (options.H5adMapping.Controls is AnnData.H5adControls.Baseline or AnnData.H5adControls.Subtract)
            {
                var baselines = new List<CellBaseline>();
                foreach (var (cell, mean) in reader.ControlMeans(ct))
                {
                    baselines.Add(new CellBaseline(await cells.ResolveBaselineAsync(load, cell, ct), mean));
                }

                await load.SetCellBaselinesAsync(baselines, ct);
            }

            foreach (var signature in reader.Read(issues, progress, ct))
            {
                await sink.AddAsync(signature, ct);
            }

            files.Add(HashOnly(path, "h5ad", sink.ReadByFile.GetValueOrDefault(path)));
        }

        var (report, signatureRates) = await sink.FinishAsync(ct);
        rates.AddRange(signatureRates);
        return report;
    }

    private async Task<LandmarkGeneSet> LandmarksAsync(CancellationToken ct)
    {
        LandmarkGeneSet? landmarks = null;
        foreach (var path in options.GeneInfo)
        {
            using var file = InputFile.Open(path);
            var set = GeneInfoReader.Read(file);
            files.Add(DatasetIngestion.Describe(file, "geneinfo", set.Count, issues));
            if (landmarks is null)
            {
                landmarks = set;
            }
            else if (SameMembers(landmarks, set))
            {
                landmarks.AddNamesFrom(set);
            }
            else
            {
                throw new InvalidInputException(path, 0, "its landmark genes differ from those of the gene table given before it");
            }
        }

        var stored = await load.GetLandmarkGenesAsync(ct);
        if (stored.Count > 0)
        {
            var storeSet = LandmarkGeneSet.FromStore(stored);
            if (landmarks is null || SameMembers(storeSet, landmarks))
            {
                // Keep the store's order: every vector already stored is in it.
                if (landmarks is not null)
                {
                    storeSet.AddNamesFrom(landmarks);
                }

                landmarks = storeSet;
            }
        }

        if (landmarks is null && options.Matrices.Count > 0)
        {
            landmarks = MatrixSignatureSource.DeriveLandmarks(options.Matrices[0]);
        }

        return landmarks ?? throw new InvalidInputException(
            options.SignatureTables.Concat(options.PairedTables).Concat(options.H5ad).Concat(options.Baselines).FirstOrDefault() ?? "(inputs)", 0,
            "the landmark genes are unknown: pass --geneinfo (LINCS gene info or a 978-gene list)");
    }

    private Dictionary<string, SignatureInfo> ReadSignatureInfo()
    {
        var info = new Dictionary<string, SignatureInfo>(StringComparer.Ordinal);
        if (options.SigInfo.Count == 0)
        {
            return info;
        }

        var wanted = options.Matrices.SelectMany(MatrixSignatureSource.ColumnIds).ToHashSet(StringComparer.Ordinal);
        foreach (var path in options.SigInfo)
        {
            using var file = InputFile.Open(path);
            var table = SigInfoReader.Read(file, wanted, issues);
            foreach (var (id, signature) in table)
            {
                info.TryAdd(id, signature);
            }

            files.Add(DatasetIngestion.Describe(file, "siginfo", table.Count, issues));
        }

        return info;
    }

    private async Task LoadBaselinesAsync(LandmarkGeneSet landmarks, CellLines cells, CancellationToken ct)
    {
        foreach (var path in options.Baselines)
        {
            using var file = InputFile.Open(path);
            var baselines = new List<CellBaseline>();
            foreach (var (cell, values, _) in BaselineTableReader.Read(file, landmarks, issues))
            {
                baselines.Add(new CellBaseline(await cells.ResolveBaselineAsync(load, cell, ct), values));
            }

            await load.SetCellBaselinesAsync(baselines, ct);
            files.Add(DatasetIngestion.Describe(file, "baseline", baselines.Count, issues));
        }
    }

    private FileReport HashOnly(string path, string role, long rows) =>
        new(role, Path.GetFullPath(path), InputFile.HashFile(path), new FileInfo(path).Length, rows, issues.CountFor(path));

    private static bool SameMembers(LandmarkGeneSet a, LandmarkGeneSet b) =>
        a.Count == b.Count && a.Genes.Select(g => g.Entrez).ToHashSet(StringComparer.Ordinal).SetEquals(b.Genes.Select(g => g.Entrez));
}
