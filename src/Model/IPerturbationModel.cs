using PerturbKG.Model.Data;

namespace PerturbKG.Model;

/// <summary>Anything that predicts the landmark-gene delta of (drug, cell line) pairs: the GAT and its baselines.</summary>
public interface IPerturbationModel
{
    string Name { get; }

    /// <summary>Predictions (batch × landmark genes), including the batch's offsets; never trains.</summary>
    Matrix Predict(PairBatch batch);

    /// <summary>
    /// Predicts batch after batch with the current weights. Models with shared work per call (the GAT embeds the whole
    /// graph) do it once here, not once per batch.
    /// </summary>
    Func<PairBatch, Matrix> Predictor() => Predict;
}
