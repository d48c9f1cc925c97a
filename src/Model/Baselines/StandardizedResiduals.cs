using PerturbKG.Model.Data;
using PerturbKG.Model.Training;

namespace PerturbKG.Model.Baselines;

/// <summary>Targets in the frame every model predicts in: (delta − cell mean) / gene spread, as doubles.</summary>
public static class StandardizedResiduals
{
    public static double[][] Of(IReadOnlyList<PairSample> samples, TrainingMeans means)
    {
        var scale = means.Scale.Data;
        return samples.Select(s =>
        {
            var mean = means.ForCell(s.Cell);
            return s.Delta.Select((v, g) => (v - (double)mean[g]) / scale[g]).ToArray();
        }).ToArray();
    }

    /// <summary>Mean squared difference over every entry.</summary>
    public static double MeanSquaredError(double[][] predicted, double[][] observed)
    {
        double sum = 0;
        long count = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            for (var g = 0; g < observed[i].Length; g++)
            {
                var d = predicted[i][g] - observed[i][g];
                sum += d * d;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
