using System.Diagnostics;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace PerturbKG.Model.Training;

/// <summary>
/// Trains a model by mini-batch AdamW (TorchSharp's, with gradient-norm clipping) on the mean squared error of the
/// 978-gene delta or, with <see cref="TrainingOptions.HuberDelta"/>, the Huber loss of the standardised residual,
/// evaluating the validation set (in eval mode, without gradients) after each epoch and keeping the weights of the
/// best epoch by the same loss. A GAT with a prior has it fitted first, and the scale of its learned correction chosen
/// on the validation fold after. Cancellation is honoured between batches.
/// </summary>
public sealed class Trainer(TrainingOptions options)
{
    /// <summary>The factors on a GAT's learned correction tried on the validation fold (0: the prior alone).</summary>
    public static readonly IReadOnlyList<float> CorrectionGrid = [0f, 0.25f, 0.5f, 0.75f, 1f];

    public TrainingResult Train(IPerturbationModel model, IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation,
        TrainingMeans means, IProgress<EpochLoss>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        if (model is IFittedModel fitted)
        {
            // Closed form: fitted once; the reported validation loss is the same raw-unit MSE as for trained models.
            var result = fitted.Fit(train, validation, means, ct);
            return result with { BestValidationLoss = Loss(model, validation, means).Mse, Seconds = clock.Elapsed.TotalSeconds };
        }

        if (model is not PerturbationModule module || !module.parameters().Any())
        {
            var loss = Loss(model, validation, means).Mse;
            return new TrainingResult(model.Name, [new EpochLoss(0, Loss(model, train, means).Mse, loss, 0)], 0, loss, 0, false);
        }

        var prior = model is GatModel gat ? gat.FitPrior(train, validation, means, ct) : null;

        // Dropout draws from the model's own generator, on a stream apart from the one its initial weights came from.
        module.DropoutGenerator.manual_seed((long)(unchecked((options.Seed * 0x9E3779B97F4A7C15UL) + 0x2545F4914F6CDD1DUL) & long.MaxValue));
        var parameters = module.parameters().ToList();
        using var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var random = new DeterministicRandom(options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var history = new List<EpochLoss>();
        var best = (Epoch: 0, Criterion: double.PositiveInfinity, Mse: double.NaN, Weights: Snapshot(parameters));
        var stoppedEarly = false;
        using var scale = means.Scale.ToTensor(module.Device);
        for (var epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            random.Shuffle(order);
            module.train();
            double sum = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var batch = order.Skip(start).Take(options.BatchSize).Select(i => train[i]).ToList();
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = Criterion(module.Forward(means.Batch(batch)), TrainingMeans.Targets(batch).ToTensor(module.Device), scale);
                loss.backward();
                if (options.ClipNorm > 0)
                {
                    nn.utils.clip_grad_norm_(parameters, options.ClipNorm);
                }

                optimizer.step();
                sum += loss.item<float>() * batch.Count;
            }

            var validationLoss = Loss(model, validation, means);
            var report = new EpochLoss(epoch, sum / train.Count, validationLoss.Mse, clock.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Report(report);
            if (validationLoss.Criterion < best.Criterion)
            {
                DisposeAll(best.Weights);
                best = (epoch, validationLoss.Criterion, validationLoss.Mse, Snapshot(parameters));
            }
            else if (epoch - best.Epoch >= options.Patience)
            {
                stoppedEarly = true;
                break;
            }
        }

        Restore(parameters, best.Weights);
        DisposeAll(best.Weights);
        module.eval();
        var choice = options.HuberDelta > 0 ? $"Huber loss (δ {options.HuberDelta:G3} sd)" : null;
        if (model is GatModel { PriorDescription: not null } corrected)
        {
            var factor = ChooseCorrection(corrected, validation, means);
            best.Mse = Loss(model, validation, means).Mse;
            choice = string.Join("; ", new[] { choice, $"prior: ridge, {prior}", $"correction × {factor:G2}" }.OfType<string>());
        }

        return new TrainingResult(model.Name, history, best.Epoch, best.Mse, clock.Elapsed.TotalSeconds, stoppedEarly, choice);
    }

    /// <summary>Predictions for samples, without gradients, in batches.</summary>
    public static float[][] Predict(IPerturbationModel model, IReadOnlyList<PairSample> samples, TrainingMeans means, int batchSize = 512)
    {
        using var scope = NewDisposeScope();
        var predictions = new float[samples.Count][];
        var predict = model.Predictor();
        for (var start = 0; start < samples.Count; start += batchSize)
        {
            var batch = samples.Skip(start).Take(batchSize).ToList();
            var output = predict(means.Batch(batch));
            for (var i = 0; i < batch.Count; i++)
            {
                predictions[start + i] = output.Row(i).ToArray();
            }
        }

        return predictions;
    }

    // The correction factor with the lowest validation loss (ties to the larger factor); the model keeps it.
    private float ChooseCorrection(GatModel model, IReadOnlyList<PairSample> validation, TrainingMeans means)
    {
        if (validation.Count == 0)
        {
            return model.Correction = 1f;
        }

        var best = (Factor: 1f, Loss: double.PositiveInfinity);
        foreach (var factor in CorrectionGrid.Reverse())
        {
            model.Correction = factor;
            var loss = Loss(model, validation, means).Criterion;
            if (loss < best.Loss)
            {
                best = (factor, loss);
            }
        }

        return model.Correction = best.Factor;
    }

    private Tensor Criterion(Tensor prediction, Tensor target, Tensor scale) => options.HuberDelta > 0
        ? nn.functional.huber_loss(prediction / scale, target / scale, delta: options.HuberDelta)
        : nn.functional.mse_loss(prediction, target);

    // The mean squared error of the delta, and the training criterion, over samples.
    private (double Mse, double Criterion) Loss(IPerturbationModel model, IReadOnlyList<PairSample> samples, TrainingMeans means)
    {
        if (samples.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var predictions = Predict(model, samples, means);
        var scale = means.Scale.Data;
        var delta = (double)options.HuberDelta;
        double squares = 0, huber = 0;
        var count = 0L;
        for (var i = 0; i < samples.Count; i++)
        {
            for (var g = 0; g < predictions[i].Length; g++)
            {
                var d = predictions[i][g] - (double)samples[i].Delta[g];
                squares += d * d;
                var z = Math.Abs(d / scale[g]);
                huber += z <= delta ? 0.5 * z * z : delta * (z - (0.5 * delta));
                count++;
            }
        }

        return (squares / count, delta > 0 ? huber / count : squares / count);
    }

    // Copies outside any dispose scope: they outlive the epoch that made them.
    private static Tensor[] Snapshot(IReadOnlyList<Tensor> parameters)
    {
        using var guard = no_grad();
        return parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    private static void Restore(IReadOnlyList<Tensor> parameters, Tensor[] weights)
    {
        using var guard = no_grad();
        for (var i = 0; i < weights.Length; i++)
        {
            parameters[i].copy_(weights[i]);
        }
    }

    private static void DisposeAll(Tensor[] tensors)
    {
        foreach (var t in tensors)
        {
            t.Dispose();
        }
    }
}
