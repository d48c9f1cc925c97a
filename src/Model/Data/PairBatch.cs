using TorchSharp;

namespace PerturbKG.Model.Data;

/// <summary>
/// A batch of pairs: their drug and cell rows, and the frame each prediction is made in. Models predict a
/// standardised residual r; the prediction is Offsets + r ⊙ Scale, where Offsets is the cell line's training mean (the
/// global mean for cell lines training never saw) and Scale the training spread of each gene around it.
/// </summary>
public sealed record PairBatch(int[] Drugs, int[] Cells, Matrix Offsets, Matrix Scale, float[] GlobalMean)
{
    public int Count => Drugs.Length;

    /// <summary>The global training mean, once per pair.</summary>
    public Matrix GlobalOffsets()
    {
        var offsets = new Matrix(Count, GlobalMean.Length);
        for (var i = 0; i < Count; i++)
        {
            GlobalMean.CopyTo(offsets.Row(i));
        }

        return offsets;
    }

    /// <summary>A standardised residual computed in managed code (closed-form models) turned into a prediction.</summary>
    public Matrix Frame(Matrix standardized)
    {
        var output = new Matrix(standardized.Rows, standardized.Cols);
        for (var i = 0; i < output.Rows; i++)
        {
            var r = standardized.Row(i);
            var o = output.Row(i);
            var offset = Offsets.Row(i);
            for (var g = 0; g < o.Length; g++)
            {
                o[g] = offset[g] + (r[g] * Scale.Data[g]);
            }
        }

        return output;
    }

    /// <summary>A model's standardised output (batch × genes, on any device) turned into a prediction.</summary>
    public torch.Tensor Frame(torch.Tensor standardized) =>
        standardized * Scale.ToTensor(standardized.device) + Offsets.ToTensor(standardized.device);

    /// <summary>Row indices as a tensor on a device (drugs or cells of the batch).</summary>
    public static torch.Tensor Rows(int[] rows, torch.Device device) => torch.tensor(rows.Select(r => (long)r).ToArray(), device: device);
}
