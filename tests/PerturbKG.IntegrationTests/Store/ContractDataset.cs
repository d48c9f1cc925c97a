using PerturbKG.Store;
using PerturbKG.Store.Graph;
using PerturbKG.Store.Signatures;

namespace PerturbKG.IntegrationTests.Store;

/// <summary>
/// A tiny knowledge graph plus LINCS-like records, loaded through <see cref="IDatasetLoad"/> only, so the same data
/// goes into every store: imatinib and dasatinib target ABL1, which reaches TP53 and CDKN1A; one cell line (MCF7).
/// </summary>
internal sealed class ContractDataset
{
    public static readonly GraphNode Imatinib = new(NodeTypes.Drug, "DB00619", "Imatinib", "DrugBank");
    public static readonly GraphNode Dasatinib = new(NodeTypes.Drug, "DB01254", "Dasatinib", "DrugBank");
    public static readonly GraphNode Abl1 = new(NodeTypes.Gene, "25", "ABL1", "NCBI");
    public static readonly GraphNode Tp53 = new(NodeTypes.Gene, "7157", "TP53", "NCBI");
    public static readonly GraphNode Cdkn1a = new(NodeTypes.Gene, "1026", "CDKN1A", "NCBI");
    public static readonly GraphNode Leukemia = new(NodeTypes.Disease, "MONDO:0011996", "chronic myelogenous leukemia", "MONDO");
    public static readonly GraphNode Mcf7 = new(NodeTypes.CellLine, "MCF7", "MCF7", "LINCS");

    public static readonly RelationType Target = new("drug_protein", "target", NodeTypes.Drug, NodeTypes.Gene, true);
    public static readonly RelationType Ppi = new("protein_protein", "ppi", NodeTypes.Gene, NodeTypes.Gene, false);
    public static readonly RelationType Indication = new("indication", "indication", NodeTypes.Drug, NodeTypes.Disease, true);

    public static readonly float[] Sig1 = [0.5f, -1.25f, 2f];
    public static readonly float[] Sig2 = [0.25f, -0.5f, 1f];
    public static readonly float[] Basal = [8f, 9.5f, 7.25f];

    /// <summary>Node ids by key, as the store gave them.</summary>
    public Dictionary<string, long> Ids { get; } = [];

    /// <summary>Loads the graph as dataset "kg" (with or without dasatinib and the disease) and commits it.</summary>
    public async Task LoadGraphAsync(IGraphStore store, bool full, CancellationToken ct)
    {
        await using var load = await store.BeginDatasetAsync("kg", ct);
        GraphNode[] nodes = full ? [Imatinib, Dasatinib, Abl1, Tp53, Cdkn1a, Leukemia] : [Imatinib, Abl1, Tp53, Cdkn1a];
        var ids = await load.UpsertNodesAsync(nodes, ct);
        for (var i = 0; i < nodes.Length; i++)
        {
            Ids[nodes[i].Key] = ids[i];
        }

        var relations = await load.EnsureRelationsAsync([Target, Ppi, Indication], ct);
        var edges = new List<GraphEdge>
        {
            new(Ids[Imatinib.Key], Ids[Abl1.Key], relations[0]),
            new(Ids[Abl1.Key], Ids[Tp53.Key], relations[1]),
            new(Ids[Tp53.Key], Ids[Cdkn1a.Key], relations[1]),
        };
        if (full)
        {
            edges.Add(new(Ids[Dasatinib.Key], Ids[Abl1.Key], relations[0]));
            edges.Add(new(Ids[Imatinib.Key], Ids[Leukemia.Key], relations[2]));
        }

        await load.AddEdgesAsync(edges.ToArray(), ct);
        await load.SetNodeAttributesAsync([new NodeAttribute(Ids[Imatinib.Key], "smiles", "Cc1ccc(cc1)NC(=O)c1ccccc1")], ct);
        var vectors = new List<FeatureVector> { new(Ids[Imatinib.Key], [1f, 0f, 0.5f, 0.25f]) };
        if (full)
        {
            vectors.Add(new(Ids[Dasatinib.Key], [0f, 1f, 0.5f, 0.75f]));
        }

        await load.AddNodeFeaturesAsync("fingerprint", NodeTypes.Drug, 4, vectors, ct);
        await load.RecordFileAsync(new DatasetFile("kg", "/data/kg.csv", new string('a', 64), 1234), ct);
        await load.CommitAsync("{\"rows\":5}", ct);
    }

    /// <summary>Loads signatures, landmarks and a baseline as dataset "lincs" (claiming the drugs and genes it uses) and commits.</summary>
    public async Task LoadSignaturesAsync(IGraphStore store, CancellationToken ct)
    {
        await using var load = await store.BeginDatasetAsync("lincs", ct);
        var cell = (await load.UpsertNodesAsync([Mcf7], ct))[0];
        Ids[Mcf7.Key] = cell;
        await load.ClaimNodesAsync([Ids[Imatinib.Key], Ids[Abl1.Key], Ids[Tp53.Key], Ids[Cdkn1a.Key]], ct);
        await load.SetLandmarkGenesAsync(
            [new(0, Abl1.Key, Abl1.Name, Ids[Abl1.Key]), new(1, Tp53.Key, Tp53.Name, Ids[Tp53.Key]), new(2, Cdkn1a.Key, Cdkn1a.Name, Ids[Cdkn1a.Key])], ct);
        await load.AddSignaturesAsync(
        [
            new Signature("SIG-1", SignatureKind.Level5, Ids[Imatinib.Key], cell, 10, "uM", 24, "h", Sig1),
            new Signature("SIG-2", SignatureKind.Level5, Ids[Imatinib.Key], cell, 1, "uM", 6, "h", Sig2),
        ], ct);
        await load.SetCellBaselinesAsync([new CellBaseline(cell, Basal)], ct);
        await load.RecordCompoundMatchesAsync([new CompoundMatch("BRD-K92723993", Ids[Imatinib.Key], "inchikey")], ct);
        await load.CommitAsync("{}", ct);
    }
}
