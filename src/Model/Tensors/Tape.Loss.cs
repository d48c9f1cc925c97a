using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// Mean squared error over all values, optionally weighted per row (weights: rows × 1) or per value (same shape):
    /// Σ w (p − t)² / Σ w. The target is a constant.
    /// </summary>
    public Tensor MseLoss(Tensor prediction, Tensor target, Tensor? weights = null)
    {
        if (prediction.Rows != target.Rows || prediction.Cols != target.Cols)
        {
            throw new ArgumentException("Prediction and target must have the same shape.");
        }

        var cols = prediction.Cols;
        var weight = Scratch(prediction.Length);
        if (weights is null)
        {
            Array.Fill(weight, 1f);
        }
        else if (weights.Length == prediction.Length)
        {
            weights.Data.CopyTo(weight, 0);
        }
        else if (weights.Rows == prediction.Rows && weights.Cols == 1)
        {
            for (var r = 0; r < prediction.Rows; r++)
            {
                weight.AsSpan(r * cols, cols).Fill(weights.Data[r]);
            }
        }
        else
        {
            throw new ArgumentException("Weights must be one per row (rows × 1) or one per value.");
        }

        var total = TensorPrimitives.Sum(weight);
        if (total <= 0)
        {
            throw new ArgumentException("The weights sum to zero.");
        }

        var difference = Scratch(prediction.Length);
        TensorPrimitives.Subtract(prediction.Data, target.Data, difference);
        var output = Result(1, 1, o =>
        {
            var scale = 2f * o.Grad[0] / total;
            for (var i = 0; i < difference.Length; i++)
            {
                prediction.Grad[i] += scale * weight[i] * difference[i];
            }
        }, [prediction]);
        double sum = 0;
        for (var i = 0; i < difference.Length; i++)
        {
            sum += weight[i] * difference[i] * difference[i];
        }

        output.Data[0] = (float)(sum / total);
        return output;
    }

    /// <summary>The sum of all values, as a 1 × 1 tensor.</summary>
    public Tensor Sum(Tensor x)
    {
        var output = Result(1, 1, o => TensorPrimitives.Add(x.Grad, o.Grad[0], x.Grad), [x]);
        output.Data[0] = TensorPrimitives.Sum(x.Data);
        return output;
    }
}
