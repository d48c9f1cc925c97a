using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Where the GAT starts from: a ridge regression from the drug's random-walk readout over the model's graph, the drug's
/// own features (ECFP4 ‖ embeddings) and the cell's features to the standardised residual, fitted in closed form on
/// the training fold with its penalty chosen on the validation fold (<see cref="RidgeModel.OnGraph"/>). The fitted map
/// is kept as two buffers, <c>prior.shift</c> and <c>prior.weight</c>, so a checkpoint carries it; nothing in it is
/// trained by gradient steps. The readout is computed on the model's own graph, so an ablated graph gets its own prior.
/// </summary>
public sealed class PriorTerm : nn.Module
{
    private readonly RidgeModel _ridge;
    private readonly Tensor shift;
    private readonly Tensor weight;

    public PriorTerm(string name, GraphData data, Device device) : base(name)
    {
        _ridge = RidgeModel.OnGraph("gat-prior", data, new RandomWalkFeatures(data), drugFeatures: true);
        shift = zeros(_ridge.Width, device: device);
        weight = zeros(_ridge.Width, data.Landmarks.Length, device: device);
        register_buffer("shift", shift);
        register_buffer("weight", weight);
    }

    /// <summary>What the prior reads.</summary>
    public string Description => _ridge.Description;

    /// <summary>Fits the ridge and copies its map into the buffers; returns the choice it made (penalty).</summary>
    public string? Fit(IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation, TrainingMeans means, CancellationToken ct)
    {
        var result = _ridge.Fit(train, validation, means, ct);
        using var guard = no_grad();
        if (_ridge.LinearMap() is { } map)
        {
            shift.copy_(tensor(map.Shift));
            weight.copy_(tensor(map.Weights, [_ridge.Width, weight.shape[1]]));
        }
        else
        {
            shift.zero_();
            weight.zero_();
        }

        return result.Choice;
    }

    /// <summary>The prior's standardised residual for a batch (batch × genes), without gradients.</summary>
    public Tensor Forward(PairBatch batch)
    {
        using var guard = no_grad();
        var rows = _ridge.RawRows(batch.Drugs, batch.Cells).ToTensor(shift.device);
        return (rows - shift).matmul(weight);
    }
}
