using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;
using PerturbKG.Store.Graph;

namespace PerturbKG.Ingest.Graph;

/// <summary>Writes a folded graph into a dataset load: nodes, relation types, node attributes, then edges in chunks.</summary>
public static class GraphWriter
{
    private const int Chunk = 1 << 16;

    public static async Task WriteAsync(IDatasetLoad load, BuiltGraph graph, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new IngestProgress("writing nodes", 0, graph.Nodes.Count));
        var nodeIds = await load.UpsertNodesAsync(graph.Nodes, ct);
        var relationIds = await load.EnsureRelationsAsync(graph.Relations, ct);
        var attributes = graph.Attributes.Select(a => new NodeAttribute(nodeIds[a.Node], a.Name, a.Value)).ToList();
        await load.SetNodeAttributesAsync(attributes, ct);

        var chunk = new GraphEdge[Chunk];
        for (var start = 0; start < graph.EdgeCount; start += Chunk)
        {
            var count = Math.Min(Chunk, graph.EdgeCount - start);
            for (var i = 0; i < count; i++)
            {
                var (relation, source, target) = graph.Edge(start + i);
                chunk[i] = new GraphEdge(nodeIds[source], nodeIds[target], relationIds[relation]);
            }

            await load.AddEdgesAsync(chunk.AsMemory(0, count), ct);
            progress?.Report(new IngestProgress("writing edges", start + count, graph.EdgeCount));
        }
    }
}
