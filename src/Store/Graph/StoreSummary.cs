namespace PerturbKG.Store.Graph;

/// <summary>What a store holds, counted.</summary>
public sealed record StoreSummary(
    IReadOnlyDictionary<string, long> NodesByType,
    IReadOnlyDictionary<string, long> EdgesByRelation,
    long Signatures,
    long CellBaselines,
    int LandmarkGenes,
    IReadOnlyList<FeatureSetInfo> FeatureSets,
    IReadOnlyList<DatasetInfo> Datasets)
{
    public long Nodes => NodesByType.Values.Sum();
    public long Edges => EdgesByRelation.Values.Sum();
}

/// <summary>A named set of node feature vectors and its dimension.</summary>
public sealed record FeatureSetInfo(string Name, string NodeType, int Dimension, long Vectors);

/// <summary>One ingested dataset and the files it came from.</summary>
public sealed record DatasetInfo(long Id, string Name, DateTimeOffset IngestedAt, IReadOnlyList<DatasetFile> Files);

/// <summary>Provenance of one input file.</summary>
public sealed record DatasetFile(string Role, string Path, string Sha256, long Bytes);
