namespace PerturbKG.Model.Tensors;

/// <summary>
/// A dense row-major float32 matrix (vectors are 1 × n or n × 1), with a gradient buffer when it takes part in a
/// recorded computation. Everything the models need is two-dimensional.
/// </summary>
public sealed class Tensor
{
    private float[]? _grad;

    public Tensor(int rows, int cols, float[]? data = null, bool requiresGrad = false)
        : this(rows, cols, data, requiresGrad, null)
    {
    }

    internal Tensor(int rows, int cols, float[]? data, bool requiresGrad, TensorPool? pool)
    {
        Pool = pool;
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Data = data ?? new float[rows * cols];
        if (Data.Length != rows * cols)
        {
            throw new ArgumentException($"{Data.Length} values do not make a {rows} × {cols} tensor.", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        RequiresGrad = requiresGrad;
    }

    public int Rows { get; }

    public int Cols { get; }

    public int Length => Data.Length;

    public float[] Data { get; }

    /// <summary>True for parameters and for results computed from them while a tape records.</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>
    /// The gradient of the last backward pass, allocated on first use. Thread-safe: parallel backward kernels may be
    /// the first to touch it, and all of them must get the same buffer.
    /// </summary>
    public float[] Grad
    {
        get
        {
            if (_grad is { } grad)
            {
                return grad;
            }

            var fresh = Pool?.Rent(Data.Length) ?? new float[Data.Length];
            var winner = Interlocked.CompareExchange(ref _grad, fresh, null);
            if (winner is null)
            {
                return fresh;
            }

            Pool?.Return(fresh);
            return winner;
        }
    }

    /// <summary>Where this tensor's buffers go back to when the tape that made it is disposed.</summary>
    internal TensorPool? Pool { get; }

    /// <summary>Hands the buffers back to the pool; the tensor must not be used afterwards.</summary>
    internal void Release()
    {
        if (Pool is null)
        {
            return;
        }

        Pool.Return(Data);
        if (_grad is not null)
        {
            Pool.Return(_grad);
            _grad = null;
        }
    }

    public bool HasGrad => _grad is not null;

    public float this[int row, int col]
    {
        get => Data[(row * Cols) + col];
        set => Data[(row * Cols) + col] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    public static Tensor Zeros(int rows, int cols) => new(rows, cols);

    public static Tensor Parameter(int rows, int cols) => new(rows, cols, requiresGrad: true);

    public static Tensor FromRows(float[][] rows)
    {
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        var tensor = new Tensor(rows.Length, cols);
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(tensor.Row(r));
        }

        return tensor;
    }

    public void ZeroGrad()
    {
        if (_grad is not null)
        {
            Array.Clear(_grad);
        }
    }

    public Tensor Clone() => new(Rows, Cols, (float[])Data.Clone());

    public override string ToString() => $"Tensor {Rows}×{Cols}";
}
