using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Merge;

/// <summary>Cell-line nodes: found by id (case-insensitive) or created, and described from cellinfo.</summary>
public sealed class CellLines
{
    private readonly Dictionary<string, long> _existing = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _used = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _withBaseline = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _inSignatures = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? _info;

    public CellLines(IEnumerable<StoredNode> existing, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? cellInfo)
    {
        foreach (var node in existing)
        {
            _existing.TryAdd(node.Key, node.Id);
        }

        _info = cellInfo;
    }

    public int UsedCount => _inSignatures.Count;

    /// <summary>The node id of a cell line, creating its node the first time this dataset names it.</summary>
    public async Task<long> ResolveAsync(IDatasetLoad load, string cellId, CancellationToken ct, bool forSignature = true)
    {
        if (forSignature)
        {
            _inSignatures.Add(cellId);
        }

        if (_used.TryGetValue(cellId, out var id))
        {
            return id;
        }

        if (_existing.TryGetValue(cellId, out id))
        {
            await load.ClaimNodesAsync([id], ct);
        }
        else
        {
            id = (await load.UpsertNodesAsync([new GraphNode(NodeTypes.CellLine, cellId, cellId, "LINCS")], ct))[0];
        }

        _used[cellId] = id;
        return id;
    }

    public async Task<long> ResolveBaselineAsync(IDatasetLoad load, string cellId, CancellationToken ct)
    {
        _withBaseline.Add(cellId);
        return await ResolveAsync(load, cellId, ct, forSignature: false);
    }

    /// <summary>Writes cellinfo's attributes onto the cell lines this dataset uses.</summary>
    public Task WriteAttributesAsync(IDatasetLoad load, CancellationToken ct)
    {
        if (_info is null)
        {
            return Task.CompletedTask;
        }

        var attributes = new List<NodeAttribute>();
        foreach (var (cell, id) in _used)
        {
            if (_info.TryGetValue(cell, out var described))
            {
                attributes.AddRange(described.Select(a => new NodeAttribute(id, a.Key, a.Value)));
            }
        }

        return load.SetNodeAttributesAsync(attributes, ct);
    }

    public IEnumerable<MatchRate> Rates()
    {
        if (_inSignatures.Count == 0)
        {
            yield break;
        }

        if (_info is not null)
        {
            yield return new MatchRate("signature cell lines described by cellinfo", _inSignatures.Count(_info.ContainsKey), _inSignatures.Count);
        }

        if (_withBaseline.Count > 0)
        {
            yield return new MatchRate("signature cell lines with baseline expression", _inSignatures.Count(_withBaseline.Contains), _inSignatures.Count);
        }
    }
}
