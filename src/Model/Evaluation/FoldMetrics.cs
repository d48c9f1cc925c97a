using System.Numerics.Tensors;

namespace PerturbKG.Model.Evaluation;

/// <summary>
/// Scores a whole evaluated fold. Besides the per-pair metrics it computes the drug-discriminating ones, per cell line
/// c of the fold:
/// <list type="bullet">
/// <item><c>pearson_delta_centroid</c>: Pearson over genes of (prediction − p̄_c) and (observation − ȳ_c), where p̄_c is the
/// mean of the model's own predictions and ȳ_c the mean of the observations over the fold's pairs of c. A model that
/// gives every drug of c the same vector scores exactly 0.</item>
/// <item><c>retrieval_rank</c>: the normalised rank (0 first, 1 last, ties count half) of the pair's own observed profile
/// among the fold's observed profiles of c, ordered by the Pearson of (prediction − p̄_c) with each (observation − ȳ_c);
/// any drug-blind model gets 0.5. <c>retrieval_top1</c>: 1 when the own profile ranks first, shared 1/(1 + t) among t
/// tied rivals, so a drug-blind model scores chance.</item>
/// </list>
/// A cell line with a single pair in the fold has nothing to discriminate: those three values are NaN for it.
/// </summary>
public static class FoldMetrics
{
    public static IReadOnlyList<SampleMetrics> Compute(
        IReadOnlyList<float[]> predicted, IReadOnlyList<float[]> observed, IReadOnlyList<int> cells, float[] trainingMean)
    {
        if (predicted.Count != observed.Count || cells.Count != observed.Count)
        {
            throw new ArgumentException("Predictions, observations and cell lines must be given for the same pairs.");
        }

        var metrics = new SampleMetrics[observed.Count];
        foreach (var group in Enumerable.Range(0, observed.Count).GroupBy(i => cells[i]))
        {
            var members = group.ToArray();
            var predictedCentred = Standardized(members.Select(i => predicted[i]).ToArray());
            var observedCentred = Standardized(members.Select(i => observed[i]).ToArray());
            for (var k = 0; k < members.Length; k++)
            {
                var i = members[k];
                var basic = SampleMetrics.Compute(predicted[i], observed[i], trainingMean);
                if (members.Length < 2)
                {
                    metrics[i] = basic;
                    continue;
                }

                // Pearson of two standardised vectors is their dot product: one pass per candidate, vectorised.
                var similarities = observedCentred.Select(o => TensorPrimitives.Dot(predictedCentred[k], o)).ToArray();
                var own = similarities[k];
                var (higher, tied) = (0, 0);
                for (var j = 0; j < similarities.Length; j++)
                {
                    if (j != k && similarities[j] > own)
                    {
                        higher++;
                    }
                    else if (j != k && similarities[j] == own)
                    {
                        tied++;
                    }
                }

                metrics[i] = basic with
                {
                    PearsonDeltaCentroid = own,
                    RetrievalRank = (higher + (0.5 * tied)) / (members.Length - 1),
                    RetrievalTop1 = higher == 0 ? 1.0 / (1 + tied) : 0,
                };
            }
        }

        return metrics;
    }

    // Each vector minus the group's mean vector, then centred over genes and scaled to unit norm, in double precision,
    // so that the dot product of two is their Pearson correlation. Identical vectors centre to exact zeros, which stay
    // zero (a constant correlates 0 with anything).
    private static double[][] Standardized(float[][] vectors)
    {
        var genes = vectors[0].Length;
        var mean = new double[genes];
        foreach (var v in vectors)
        {
            for (var g = 0; g < genes; g++)
            {
                mean[g] += v[g];
            }
        }

        for (var g = 0; g < genes; g++)
        {
            mean[g] /= vectors.Length;
        }

        return vectors.Select(v =>
        {
            var centred = v.Select((x, g) => x - mean[g]).ToArray();
            var average = TensorPrimitives.Sum<double>(centred) / genes;
            TensorPrimitives.Subtract(centred, average, centred);
            var norm = Math.Sqrt(TensorPrimitives.Dot<double>(centred, centred));
            if (norm <= 1e-9)
            {
                Array.Clear(centred);
            }
            else
            {
                TensorPrimitives.Divide(centred, norm, centred);
            }

            return centred;
        }).ToArray();
    }
}
