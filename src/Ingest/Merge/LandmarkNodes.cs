using PerturbKG.Ingest.Lincs;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Merge;

/// <summary>Joins the landmark genes to the graph's gene nodes by Entrez id (adding flagged gene nodes for the rest).</summary>
public static class LandmarkNodes
{
    public static async Task<MatchRate> WriteAsync(IDatasetLoad load, LandmarkGeneSet landmarks, CancellationToken ct)
    {
        var genes = (await load.FindNodesAsync(NodeTypes.Gene, ct)).ToDictionary(g => g.Key, g => g.Id, StringComparer.Ordinal);
        var ids = new long[landmarks.Count];
        var missing = new List<int>();
        for (var p = 0; p < landmarks.Count; p++)
        {
            if (genes.TryGetValue(landmarks.Genes[p].Entrez, out var id))
            {
                ids[p] = id;
            }
            else
            {
                missing.Add(p);
            }
        }

        await load.ClaimNodesAsync(ids.Where(id => id != 0).ToList(), ct);
        if (missing.Count > 0)
        {
            var created = await load.UpsertNodesAsync(
                missing.Select(p => new GraphNode(NodeTypes.Gene, landmarks.Genes[p].Entrez, landmarks.Genes[p].Symbol, "NCBI")).ToList(), ct);
            for (var i = 0; i < missing.Count; i++)
            {
                ids[missing[i]] = created[i];
            }

            await load.SetNodeAttributesAsync(created.Select(id => new NodeAttribute(id, "origin", "lincs-landmark")).ToList(), ct);
        }

        await load.SetLandmarkGenesAsync(
            Enumerable.Range(0, landmarks.Count).Select(p => new LandmarkGene(p, landmarks.Genes[p].Entrez, landmarks.Genes[p].Symbol, ids[p])).ToList(),
            ct);
        return new MatchRate("landmark genes → KG genes by Entrez id", landmarks.Count - missing.Count, landmarks.Count);
    }
}
