namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// Reads a per-pair signal out of a drug-propagated matrix: x (genes × heads·slots) holds, for each gene, head
    /// and drug slot, how much of the drug's signal reached the gene (slots are the batch's drugs, head-major:
    /// column = head·slots + slot). For pair p in drug slot s: out[p, g] = Σ_h weights[g, h] · x[g, h·slots + s].
    /// </summary>
    public Tensor PathReadout(Tensor x, int[] slotOfPair, int slots, Tensor weights)
    {
        var heads = weights.Cols;
        var genes = x.Rows;
        if (weights.Rows != genes || x.Cols != heads * slots)
        {
            throw new ArgumentException("weights must be genes × heads and x genes × (heads · slots).");
        }

        var pairs = slotOfPair.Length;
        var output = Result(pairs, genes, o =>
        {
            if (x.RequiresGrad)
            {
                // Each gene's row of x is written only by that gene: parallel over genes.
                Parallelism.For(genes, 64, (s, e) =>
                {
                    for (var g = s; g < e; g++)
                    {
                        for (var p = 0; p < pairs; p++)
                        {
                            var d = o.Grad[(p * genes) + g];
                            for (var h = 0; h < heads; h++)
                            {
                                x.Grad[(g * x.Cols) + (h * slots) + slotOfPair[p]] += d * weights.Data[(g * heads) + h];
                            }
                        }
                    }
                });
            }

            if (weights.RequiresGrad)
            {
                Parallelism.For(genes, 64, (s, e) =>
                {
                    for (var g = s; g < e; g++)
                    {
                        for (var p = 0; p < pairs; p++)
                        {
                            var d = o.Grad[(p * genes) + g];
                            for (var h = 0; h < heads; h++)
                            {
                                weights.Grad[(g * heads) + h] += d * x.Data[(g * x.Cols) + (h * slots) + slotOfPair[p]];
                            }
                        }
                    }
                });
            }
        }, [x, weights]);
        Parallelism.For(pairs, 16, (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                for (var g = 0; g < genes; g++)
                {
                    var sum = 0f;
                    for (var h = 0; h < heads; h++)
                    {
                        sum += weights.Data[(g * heads) + h] * x.Data[(g * x.Cols) + (h * slots) + slotOfPair[p]];
                    }

                    output.Data[(p * genes) + g] = sum;
                }
            }
        });
        return output;
    }
}
