using PerturbKG.Model.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model;

/// <summary>
/// A model trained by gradient steps: a TorchSharp module with named parameters (its <c>state_dict</c>), on one device.
/// <see cref="Forward"/> runs in whatever mode the module is in (the trainer sets <c>train()</c>);
/// <see cref="Predict"/> and <see cref="Predictor"/> switch to <c>eval()</c> and record no gradients.
/// </summary>
public abstract class PerturbationModule(string name, Device device) : nn.Module(name), IPerturbationModel
{
    public string Name { get; } = name;

    /// <summary>Where the parameters live and the computation runs.</summary>
    public Device Device { get; } = device;

    /// <summary>Predictions (batch × landmark genes) as a tensor on <see cref="Device"/>, recording gradients if enabled.</summary>
    public abstract Tensor Forward(PairBatch batch);

    public Matrix Predict(PairBatch batch) => Predictor()(batch);

    public virtual Func<PairBatch, Matrix> Predictor()
    {
        eval();
        return batch =>
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            return Matrix.FromTensor(Forward(batch));
        };
    }

    /// <summary>
    /// Where this model's dropout masks come from: its own generator, seeded by the trainer, so runs training at the same
    /// time in one process (jobs, tests) do not draw from each other's stream and a seed gives the same run.
    /// </summary>
    public Generator DropoutGenerator { get; } = new(1, device);

    /// <summary>Inverted dropout from <see cref="DropoutGenerator"/>; the identity outside training mode.</summary>
    public static Tensor Dropout(Tensor x, double p, bool training, Generator generator) =>
        !training || p <= 0 ? x : x * (rand(x.shape, device: x.device, generator: generator) >= p).to(x.dtype) / (1 - p);

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
