using TorchSharp;

namespace PerturbKG.Model.Data;

/// <summary>
/// A dense row-major float32 matrix held in managed memory: node features, offsets, targets and predictions as the
/// data side sees them. The models compute on TorchSharp tensors made from it (<see cref="ToTensor"/>).
/// </summary>
public sealed class Matrix
{
    public Matrix(int rows, int cols, float[]? data = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Data = data ?? new float[rows * cols];
        if (Data.Length != rows * cols)
        {
            throw new ArgumentException($"{Data.Length} values do not make a {rows} × {cols} matrix.", nameof(data));
        }

        Rows = rows;
        Cols = cols;
    }

    public int Rows { get; }

    public int Cols { get; }

    public int Length => Data.Length;

    public float[] Data { get; }

    public float this[int row, int col]
    {
        get => Data[(row * Cols) + col];
        set => Data[(row * Cols) + col] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    public static Matrix FromRows(float[][] rows)
    {
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        var matrix = new Matrix(rows.Length, cols);
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(matrix.Row(r));
        }

        return matrix;
    }

    /// <summary>A rows × cols matrix copied from a two-dimensional float tensor (on any device).</summary>
    public static Matrix FromTensor(torch.Tensor tensor)
    {
        if (tensor.dim() != 2)
        {
            throw new ArgumentException($"A matrix needs a two-dimensional tensor, not one of shape [{string.Join(", ", tensor.shape)}].");
        }

        return new Matrix((int)tensor.shape[0], (int)tensor.shape[1], Torch.TensorMemory.ToArray(tensor));
    }

    /// <summary>The same values as a float32 tensor on a device.</summary>
    public torch.Tensor ToTensor(torch.Device? device = null) => torch.tensor(Data, [Rows, Cols], device: device);

    public Matrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    public override string ToString() => $"Matrix {Rows}×{Cols}";
}
