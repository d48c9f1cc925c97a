using PerturbKG.Model.Data;

namespace PerturbKG.Model.Baselines;

/// <summary>
/// A named part of a pair's fixed input vector for the closed-form baselines: a function of (drug row, cell row).
/// <paramref name="Standardize"/> z-scores each column over the training pairs (for readouts whose columns differ in
/// scale); otherwise the block is only centred. Every block is then scaled to unit mean squared norm, so no block
/// dominates a ridge penalty by its width alone. <paramref name="Prepare"/>, when given, is called with the drugs about
/// to be read, so a block that is costly per drug can compute them together.
/// </summary>
public sealed record FeatureBlock(string Name, int Width, Func<int, int, double[]> Row, bool Standardize = false, Action<IEnumerable<int>>? Prepare = null)
{
    /// <summary>The drug node's input features (ECFP4 bits ‖ given embeddings); none when drugs have no features.</summary>
    public static FeatureBlock? DrugFeatures(GraphData data) =>
        data.Block("Drug") is { Features: { } features } drugs
            ? new FeatureBlock($"drug features ({features.Cols})", features.Cols, (drug, _) => RowOf(drugs, drug))
            : null;

    /// <summary>The cell line's input features (basal expression ‖ given embeddings); none when cell lines have none.</summary>
    public static FeatureBlock? CellFeatures(GraphData data) =>
        data.Block("CellLine") is { Features: { } features } cells
            ? new FeatureBlock($"cell features ({features.Cols})", features.Cols, (_, cell) => RowOf(cells, cell))
            : null;

    private static double[] RowOf(NodeBlock block, int row) =>
        block.Contains(row) && block.Features is { } features
            ? Array.ConvertAll(features.Row(row - block.Offset).ToArray(), v => (double)v)
            : new double[block.Features?.Cols ?? 0];
}
