using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model;

/// <summary>Anything that predicts the landmark-gene delta of (drug, cell line) pairs: the GAT and its baselines.</summary>
public interface IPerturbationModel
{
    string Name { get; }

    /// <summary>What training updates (empty for models that only average).</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Predictions (batch × landmark genes), including the batch's offsets.</summary>
    Tensor Predict(Tape tape, PairBatch batch);

    /// <summary>
    /// Predicts batch after batch with the current weights and no gradients. Models with shared work per call (the GAT
    /// embeds the whole graph) do it once here, not once per batch.
    /// </summary>
    Func<PairBatch, Tensor> Predictor() => batch => Predict(Tape.NoGrad(), batch);
}
