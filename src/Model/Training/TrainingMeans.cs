using PerturbKG.Model.Data;

namespace PerturbKG.Model.Training;

/// <summary>
/// The training set's mean delta, overall and per cell line. Every model predicts relative to its pair's cell mean
/// (the global mean for a cell line training never saw), so all of them start from the same place.
/// </summary>
public sealed class TrainingMeans
{
    private readonly Dictionary<int, float[]> _perCell = [];

    public TrainingMeans(IReadOnlyList<PairSample> train)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException("No training pairs.", nameof(train));
        }

        var genes = train[0].Delta.Length;
        Global = Mean(train, genes);
        foreach (var group in train.GroupBy(s => s.Cell))
        {
            _perCell[group.Key] = Mean(group.ToList(), genes);
        }

        // Each gene's spread around its cell mean, so every model learns residuals of unit scale.
        var variance = new double[genes];
        foreach (var sample in train)
        {
            var mean = ForCell(sample.Cell);
            for (var g = 0; g < genes; g++)
            {
                var d = sample.Delta[g] - mean[g];
                variance[g] += d * d;
            }
        }

        Scale = new Matrix(1, genes, variance.Select(v => (float)Math.Max(Math.Sqrt(v / train.Count), 1e-3)).ToArray());
    }

    public float[] Global { get; }

    /// <summary>Per gene, the training residuals' standard deviation (1 × genes).</summary>
    public Matrix Scale { get; }

    public float[] ForCell(int cell) => _perCell.GetValueOrDefault(cell) ?? Global;

    public PairBatch Batch(IReadOnlyList<PairSample> samples)
    {
        var offsets = new Matrix(samples.Count, Global.Length);
        for (var i = 0; i < samples.Count; i++)
        {
            ForCell(samples[i].Cell).CopyTo(offsets.Row(i));
        }

        return new PairBatch(samples.Select(s => s.Drug).ToArray(), samples.Select(s => s.Cell).ToArray(), offsets, Scale, Global);
    }

    public static Matrix Targets(IReadOnlyList<PairSample> samples)
    {
        var targets = new Matrix(samples.Count, samples[0].Delta.Length);
        for (var i = 0; i < samples.Count; i++)
        {
            samples[i].Delta.CopyTo(targets.Row(i));
        }

        return targets;
    }

    private static float[] Mean(IReadOnlyList<PairSample> samples, int genes)
    {
        var mean = new double[genes];
        foreach (var sample in samples)
        {
            for (var g = 0; g < genes; g++)
            {
                mean[g] += sample.Delta[g];
            }
        }

        return mean.Select(m => (float)(m / samples.Count)).ToArray();
    }
}
