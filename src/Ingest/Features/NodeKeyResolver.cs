using PerturbKG.Store;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Features;

/// <summary>
/// Finds the node a feature file's key refers to: the node key (DrugBank id, Entrez id, ...), PrimeKG's node_index,
/// or the node name.
/// </summary>
public sealed class NodeKeyResolver
{
    private readonly Dictionary<string, long> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _byIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byName = new(StringComparer.OrdinalIgnoreCase);

    private NodeKeyResolver()
    {
    }

    public static async Task<NodeKeyResolver> CreateAsync(IDatasetLoad load, string nodeType, CancellationToken ct)
    {
        var resolver = new NodeKeyResolver();
        foreach (var node in await load.FindNodesAsync(nodeType, ct))
        {
            resolver._byKey.TryAdd(node.Key, node.Id);
            resolver._byName.TryAdd(node.Name, node.Id);
        }

        foreach (var (node, index) in await load.FindNodeAttributeAsync(nodeType, "primekg_index", ct))
        {
            resolver._byIndex.TryAdd(index, node);
        }

        return resolver;
    }

    public int Count => _byKey.Count;

    /// <param name="byIndex">The key column holds PrimeKG node indices (node_index, x_index).</param>
    public bool TryResolve(string key, bool byIndex, out long node) =>
        byIndex ? _byIndex.TryGetValue(key.Trim(), out node)
            : _byKey.TryGetValue(key.Trim(), out node) || _byName.TryGetValue(key.Trim(), out node);
}
