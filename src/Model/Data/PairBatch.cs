using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Data;

/// <summary>
/// A batch of pairs: their drug and cell rows, and the frame each prediction is made in. Models predict a
/// standardised residual r; the prediction is Offsets + r ⊙ Scale, where Offsets is the cell line's training mean (the
/// global mean for cell lines training never saw) and Scale the training spread of each gene around it.
/// </summary>
public sealed record PairBatch(int[] Drugs, int[] Cells, Tensor Offsets, Tensor Scale, float[] GlobalMean)
{
    public int Count => Drugs.Length;

    /// <summary>The global training mean, once per pair.</summary>
    public Tensor GlobalOffsets()
    {
        var offsets = new Tensor(Count, GlobalMean.Length);
        for (var i = 0; i < Count; i++)
        {
            GlobalMean.CopyTo(offsets.Row(i));
        }

        return offsets;
    }

    /// <summary>A model's standardised output turned into a prediction.</summary>
    public Tensor Frame(Tape tape, Tensor standardized) => tape.Add(tape.Mul(standardized, Scale), Offsets);
}
