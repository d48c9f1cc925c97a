using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    /// <summary>Rows of x picked by index: out[i] = x[index[i]].</summary>
    public Tensor GatherRows(Tensor x, int[] index, RowGroups? groups = null)
    {
        var cols = x.Cols;
        var output = Result(index.Length, cols, o =>
        {
            var byRow = groups ?? RowGroups.Build(index, x.Rows);
            var (gradIn, gradOut) = (x.Grad, o.Grad);
            Parallelism.For(x.Rows, 256, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    for (var p = byRow.Start[r]; p < byRow.Start[r + 1]; p++)
                    {
                        var (a, b) = (r * cols, byRow.Items[p] * cols);
                        if (cols <= 8)
                        {
                            for (var c = 0; c < cols; c++)
                            {
                                gradIn[a + c] += gradOut[b + c];
                            }
                        }
                        else
                        {
                            TensorPrimitives.Add(gradIn.AsSpan(a, cols), gradOut.AsSpan(b, cols), gradIn.AsSpan(a, cols));
                        }
                    }
                }
            });
        }, [x]);
        Parallelism.For(index.Length, 2048, (s, e) =>
        {
            var (from, to) = (x.Data, output.Data);
            for (var i = s; i < e; i++)
            {
                // Narrow rows (attention scores: one value per head) are copied by hand; spans cost more than the copy.
                var (a, b) = (index[i] * cols, i * cols);
                if (cols <= 8)
                {
                    for (var c = 0; c < cols; c++)
                    {
                        to[b + c] = from[a + c];
                    }
                }
                else
                {
                    Array.Copy(from, a, to, b, cols);
                }
            }
        });
        return output;
    }

    /// <summary>Rows of x summed into the rows index names: out[index[i]] += x[i] (a segment sum).</summary>
    public Tensor ScatterAddRows(Tensor x, int[] index, int rows, RowGroups? groups = null)
    {
        var cols = x.Cols;
        var byRow = groups ?? RowGroups.Build(index, rows);
        var output = Result(rows, cols, o => Parallelism.For(index.Length, 512, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                var target = x.Grad.AsSpan(i * cols, cols);
                TensorPrimitives.Add(target, o.Grad.AsSpan(index[i] * cols, cols), target);
            }
        }), [x]);
        Parallelism.For(rows, 256, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var target = output.Data.AsSpan(r * cols, cols);
                for (var p = byRow.Start[r]; p < byRow.Start[r + 1]; p++)
                {
                    TensorPrimitives.Add(target, x.Data.AsSpan(byRow.Items[p] * cols, cols), target);
                }
            }
        });
        return output;
    }

    /// <summary>Columns side by side: [a | b | ...], all with the same number of rows.</summary>
    public Tensor ConcatColumns(params Tensor[] parts)
    {
        var rows = parts[0].Rows;
        if (parts.Any(p => p.Rows != rows))
        {
            throw new ArgumentException("Concatenated tensors must have the same number of rows.");
        }

        var cols = parts.Sum(p => p.Cols);
        var output = Result(rows, cols, o => CopyColumns(parts, o.Grad, cols, toParts: true), parts);
        CopyColumns(parts, output.Data, cols, toParts: false);
        return output;
    }

    /// <summary>Rows one after another: [a; b; ...], all with the same number of columns.</summary>
    public Tensor ConcatRows(params Tensor[] parts)
    {
        var cols = parts[0].Cols;
        if (parts.Any(p => p.Cols != cols))
        {
            throw new ArgumentException("Stacked tensors must have the same number of columns.");
        }

        var output = Result(parts.Sum(p => p.Rows), cols, o =>
        {
            var offset = 0;
            foreach (var part in parts)
            {
                if (part.RequiresGrad)
                {
                    TensorPrimitives.Add(part.Grad, o.Grad.AsSpan(offset, part.Length), part.Grad);
                }

                offset += part.Length;
            }
        }, parts);
        var at = 0;
        foreach (var part in parts)
        {
            part.Data.CopyTo(output.Data, at);
            at += part.Length;
        }

        return output;
    }

    private static void CopyColumns(Tensor[] parts, float[] whole, int cols, bool toParts)
    {
        var offset = 0;
        foreach (var part in parts)
        {
            if (!toParts || part.RequiresGrad)
            {
                for (var r = 0; r < part.Rows; r++)
                {
                    var slice = whole.AsSpan((r * cols) + offset, part.Cols);
                    if (toParts)
                    {
                        TensorPrimitives.Add(part.Grad.AsSpan(r * part.Cols, part.Cols), slice, part.Grad.AsSpan(r * part.Cols, part.Cols));
                    }
                    else
                    {
                        part.Data.AsSpan(r * part.Cols, part.Cols).CopyTo(slice);
                    }
                }
            }

            offset += part.Cols;
        }
    }
}
