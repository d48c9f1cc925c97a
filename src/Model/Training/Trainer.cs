using System.Diagnostics;
using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Training;

/// <summary>
/// Trains a model by mini-batch AdamW on the mean squared error of the 978-gene delta, evaluating the validation set
/// (without gradients) after each epoch and keeping the weights of the best epoch. Cancellation is honoured between
/// batches.
/// </summary>
public sealed class Trainer(TrainingOptions options)
{
    public TrainingResult Train(IPerturbationModel model, IReadOnlyList<PairSample> train, IReadOnlyList<PairSample> validation,
        TrainingMeans means, IProgress<EpochLoss>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        if (model is IFittedModel fitted)
        {
            // Closed form: fitted once; the reported validation loss is the same raw-unit MSE as for trained models.
            var result = fitted.Fit(train, validation, means, ct);
            return result with { BestValidationLoss = Loss(model, validation, means), Seconds = clock.Elapsed.TotalSeconds };
        }

        if (model.Parameters.Count == 0)
        {
            var loss = Loss(model, validation, means);
            return new TrainingResult(model.Name, [new EpochLoss(0, Loss(model, train, means), loss, 0)], 0, loss, 0, false);
        }

        var adam = new Adam(model.Parameters, new AdamOptions(options.LearningRate, WeightDecay: options.WeightDecay, ClipNorm: options.ClipNorm));
        var random = new DeterministicRandom(options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var history = new List<EpochLoss>();
        var pool = new TensorPool();
        var best = (Epoch: 0, Loss: double.PositiveInfinity, Weights: Snapshot(model));
        var stoppedEarly = false;
        for (var epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var batch = order.Skip(start).Take(options.BatchSize).Select(i => train[i]).ToList();
                using var tape = new Tape(pool: pool);
                adam.ZeroGrad();
                var loss = tape.MseLoss(model.Predict(tape, means.Batch(batch)), TrainingMeans.Targets(batch));
                tape.Backward(loss);
                adam.Step();
                sum += loss.Data[0] * batch.Count;
            }

            var validationLoss = Loss(model, validation, means);
            var report = new EpochLoss(epoch, sum / train.Count, validationLoss, clock.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Report(report);
            if (validationLoss < best.Loss)
            {
                best = (epoch, validationLoss, Snapshot(model));
            }
            else if (epoch - best.Epoch >= options.Patience)
            {
                stoppedEarly = true;
                break;
            }
        }

        Restore(model, best.Weights);
        return new TrainingResult(model.Name, history, best.Epoch, best.Loss, clock.Elapsed.TotalSeconds, stoppedEarly);
    }

    /// <summary>Predictions for samples, without gradients, in batches.</summary>
    public static float[][] Predict(IPerturbationModel model, IReadOnlyList<PairSample> samples, TrainingMeans means, int batchSize = 512)
    {
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

    private static double Loss(IPerturbationModel model, IReadOnlyList<PairSample> samples, TrainingMeans means)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var predictions = Predict(model, samples, means);
        double sum = 0;
        var count = 0L;
        for (var i = 0; i < samples.Count; i++)
        {
            for (var g = 0; g < predictions[i].Length; g++)
            {
                var d = predictions[i][g] - samples[i].Delta[g];
                sum += d * d;
                count++;
            }
        }

        return sum / count;
    }

    private static float[][] Snapshot(IPerturbationModel model) => model.Parameters.Select(p => (float[])p.Data.Clone()).ToArray();

    private static void Restore(IPerturbationModel model, float[][] weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i].CopyTo(model.Parameters[i].Data, 0);
        }
    }
}
