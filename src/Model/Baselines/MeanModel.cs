using PerturbKG.Model.Data;

namespace PerturbKG.Model.Baselines;

/// <summary>Predicts a training mean: the cell line's (its pairs' mean), or the global one. Nothing to train.</summary>
public sealed class MeanModel : IPerturbationModel
{
    private readonly bool _perCell;

    private MeanModel(string name, bool perCell)
    {
        Name = name;
        _perCell = perCell;
    }

    public string Name { get; }


    /// <summary>The per-cell training mean (the global mean for cell lines training never saw).</summary>
    public static MeanModel PerCell() => new("mean-cell", perCell: true);

    public static MeanModel Global() => new("mean", perCell: false);

    public Matrix Predict(PairBatch batch) => _perCell ? batch.Offsets : batch.GlobalOffsets();
}
