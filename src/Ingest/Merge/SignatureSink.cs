using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Merge;

/// <summary>
/// Receives signatures from every source of a dataset, checks them, joins each compound to a drug node (creating
/// flagged drug nodes for unmatched compounds) and each cell id to a cell-line node, and writes them in batches.
/// </summary>
public sealed class SignatureSink(
    IDatasetLoad load,
    IngestIssues issues,
    CompoundMatcher matcher,
    CompoundCatalog compounds,
    CellLines cells,
    int landmarkCount)
{
    private const int BatchSize = 512;

    private readonly List<(RawSignature Raw, string Drug, string Cell)> _pending = [];
    private readonly HashSet<string> _signatureIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _methodByCompound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _drugIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompoundInfo> _newDrugs = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SortedSet<string>> _pertIdsByDrug = [];
    private readonly Dictionary<long, CompoundInfo> _structureByDrug = [];
    private readonly HashSet<long> _drugsUsed = [];
    private readonly Dictionary<string, long> _readByFile = new(StringComparer.Ordinal);
    private long _read;
    private long _stored;
    private long _skipped;
    private long _rejected;

    /// <summary>Signatures read per source file.</summary>
    public IReadOnlyDictionary<string, long> ReadByFile => _readByFile;

    public async Task AddAsync(RawSignature signature, CancellationToken ct)
    {
        _read++;
        _readByFile[signature.File] = _readByFile.GetValueOrDefault(signature.File) + 1;
        if (!signature.Compound.PertType.IsCompoundTreatment())
        {
            _skipped++;
            return;
        }

        var problem = Check(signature);
        if (problem is { } p)
        {
            _rejected++;
            issues.Reject(signature.File, signature.Line, p.Kind, p.Message);
            return;
        }

        var compound = compounds.Describe(signature.Compound);
        var identity = compound.Identity;
        if (!_methodByCompound.ContainsKey(identity))
        {
            var (drug, method) = matcher.Match(compound);
            _methodByCompound[identity] = method;
            if (drug is { } id)
            {
                _drugIds[identity] = id;
            }
            else
            {
                _newDrugs[identity] = compound;
            }
        }

        NoteStructure(identity, compound);
        _pending.Add((signature, identity, signature.CellId!));
        if (_pending.Count >= BatchSize)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Writes what is pending, the compound matches and the drug attributes; returns the counts.</summary>
    public async Task<(SignatureReport Report, IReadOnlyList<MatchRate> Rates)> FinishAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        var matches = _methodByCompound
            .Where(m => _drugIds.ContainsKey(m.Key))
            .Select(m => new CompoundMatch(m.Key, _drugIds[m.Key], m.Value))
            .ToList();
        await load.RecordCompoundMatchesAsync(matches, ct);
        await load.SetNodeAttributesAsync(DrugAttributes(), ct);
        await cells.WriteAttributesAsync(load, ct);

        var total = _methodByCompound.Count;
        var rates = new List<MatchRate>();
        if (total > 0)
        {
            foreach (var (method, label) in new[]
            {
                (CompoundMatcher.ByInChIKey, "compounds → KG drugs by InChIKey"),
                (CompoundMatcher.ByDrugBank, "compounds → KG drugs by DrugBank id"),
                (CompoundMatcher.ByName, "compounds → KG drugs by name"),
                (CompoundMatcher.Unmatched, "compounds unmatched (new Drug nodes)"),
            })
            {
                rates.Add(new MatchRate(label, _methodByCompound.Values.Count(m => m == method), total));
            }
        }

        rates.AddRange(cells.Rates());
        var report = new SignatureReport(_read, _stored, _skipped, _rejected, _drugsUsed.Count, cells.UsedCount);
        return (report, rates);
    }

    private (IssueKind Kind, string Message)? Check(RawSignature signature)
    {
        if (signature.Values.Length != landmarkCount)
        {
            return (IssueKind.WrongVectorLength, $"signature {signature.SignatureId} has {signature.Values.Length} values; {landmarkCount} landmark genes are needed");
        }

        var missing = Array.FindIndex(signature.Values, v => !float.IsFinite(v));
        if (missing >= 0)
        {
            return (IssueKind.UnparsableNumber, $"signature {signature.SignatureId} has no usable value at landmark position {missing}");
        }

        if (signature.CellId is null)
        {
            return (IssueKind.MissingValue, $"signature {signature.SignatureId} names no cell line");
        }

        if (signature.Compound is { PertId: null, Smiles: null, Name: null, DrugBankId: null, InChIKey: null })
        {
            return (IssueKind.UnknownCompound, $"signature {signature.SignatureId} names no compound");
        }

        return _signatureIds.Add(signature.SignatureId)
            ? null
            : (IssueKind.ConflictingDuplicateId, $"signature id {signature.SignatureId} appears twice in this dataset; kept the first");
    }

    private void NoteStructure(string identity, CompoundInfo compound)
    {
        if (_drugIds.TryGetValue(identity, out var id))
        {
            Remember(id, compound);
        }
    }

    private void Remember(long drug, CompoundInfo compound)
    {
        if (compound.PertId is { } pert)
        {
            if (!_pertIdsByDrug.TryGetValue(drug, out var set))
            {
                _pertIdsByDrug[drug] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(pert);
        }

        _structureByDrug[drug] = _structureByDrug.TryGetValue(drug, out var known) ? known.Merge(compound) : compound;
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_newDrugs.Count > 0)
        {
            var entries = _newDrugs.ToList();
            var nodes = entries.Select(e => new GraphNode(NodeTypes.Drug, e.Key, e.Value.Name ?? e.Key, "LINCS")).ToList();
            var ids = await load.UpsertNodesAsync(nodes, ct);
            for (var i = 0; i < ids.Length; i++)
            {
                _drugIds[entries[i].Key] = ids[i];
                Remember(ids[i], entries[i].Value);
            }

            await load.SetNodeAttributesAsync(ids.Select(id => new NodeAttribute(id, "origin", "lincs-unmatched")).ToList(), ct);
            _newDrugs.Clear();
        }

        if (_pending.Count == 0)
        {
            return;
        }

        var claims = new List<long>();
        var signatures = new List<Signature>(_pending.Count);
        foreach (var (raw, drug, cell) in _pending)
        {
            var drugId = _drugIds[drug];
            if (_drugsUsed.Add(drugId))
            {
                claims.Add(drugId);
            }

            var cellId = await cells.ResolveAsync(load, cell, ct);
            signatures.Add(new Signature(raw.SignatureId, raw.Kind, drugId, cellId,
                raw.Dose.Value, raw.Dose.Unit, raw.Time.Value, raw.Time.Unit, raw.Values));
        }

        await load.ClaimNodesAsync(claims, ct);
        await load.AddSignaturesAsync(signatures, ct);
        _stored += signatures.Count;
        _pending.Clear();
    }

    private List<NodeAttribute> DrugAttributes()
    {
        var attributes = new List<NodeAttribute>();
        foreach (var (drug, compound) in _structureByDrug)
        {
            if (compound.Smiles is { } smiles)
            {
                attributes.Add(new NodeAttribute(drug, "smiles", smiles));
            }

            if (compound.InChIKey is { } key)
            {
                attributes.Add(new NodeAttribute(drug, "inchikey", key));
            }
        }

        foreach (var (drug, perts) in _pertIdsByDrug)
        {
            attributes.Add(new NodeAttribute(drug, "lincs_pert_ids", string.Join(';', perts)));
        }

        return attributes;
    }
}

/// <summary>LINCS perturbagen-type conventions.</summary>
public static class PertTypes
{
    /// <summary>True for compound treatments (trt_cp, and rows that do not say).</summary>
    public static bool IsCompoundTreatment(this string? pertType) =>
        pertType is null || pertType.Equals("trt_cp", StringComparison.OrdinalIgnoreCase);
}
