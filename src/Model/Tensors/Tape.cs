namespace PerturbKG.Model.Tensors;

/// <summary>
/// Records operations for reverse-mode differentiation. Each op computes its result at once and, while recording,
/// pushes a closure that adds its inputs' gradients from its output's. A tape that is not recording (evaluation)
/// computes the same values without keeping anything.
/// </summary>
public sealed partial class Tape : IDisposable
{
    private readonly List<Action> _backward = [];
    private readonly List<Tensor> _created = [];
    private readonly List<float[]> _scratch = [];

    /// <param name="pool">
    /// When given, every tensor the tape creates (and its gradient) is rented from the pool and returned when the tape
    /// is disposed: read what you need (the loss) before that.
    /// </param>
    public Tape(bool recording = true, TapeProfile? profile = null, TensorPool? pool = null)
    {
        Recording = recording;
        Profile = profile;
        Pool = pool;
    }

    public TensorPool? Pool { get; }

    public bool Recording { get; }

    /// <summary>When set, the time each kind of op spends in backward is added to it.</summary>
    public TapeProfile? Profile { get; }

    /// <summary>An evaluation tape: no gradients, nothing kept.</summary>
    public static Tape NoGrad() => new(recording: false);

    /// <summary>Returns every buffer the tape rented to its pool (no-op without a pool).</summary>
    public void Dispose()
    {
        foreach (var tensor in _created)
        {
            tensor.Release();
        }

        foreach (var buffer in _scratch)
        {
            Pool!.Return(buffer);
        }

        _created.Clear();
        _scratch.Clear();
        _backward.Clear();
    }

    /// <summary>A working buffer that lives as long as the tape (from the pool when there is one), cleared.</summary>
    internal float[] Scratch(int length)
    {
        if (Pool is null)
        {
            return new float[length];
        }

        var buffer = Pool.Rent(length);
        _scratch.Add(buffer);
        return buffer;
    }

    /// <summary>Back-propagates from a scalar (1 × 1) result, then forgets the recorded operations.</summary>
    public void Backward(Tensor loss)
    {
        if (loss.Length != 1)
        {
            throw new ArgumentException($"Backward starts from a scalar, not a {loss.Rows} × {loss.Cols} tensor.", nameof(loss));
        }

        if (!Recording)
        {
            throw new InvalidOperationException("This tape does not record; there is nothing to differentiate.");
        }

        Profile?.Started(null);
        loss.Grad[0] = 1;
        for (var i = _backward.Count - 1; i >= 0; i--)
        {
            _backward[i]();
        }

        _backward.Clear();
    }

    /// <summary>Creates an op's output and records its backward step when any input needs a gradient.</summary>
    private Tensor Result(int rows, int cols, Action<Tensor>? backward, Tensor[] inputs, [System.Runtime.CompilerServices.CallerMemberName] string op = "")
    {
        Profile?.Started(op);
        var needs = Recording && backward is not null && Array.Exists(inputs, t => t.RequiresGrad);
        var output = Pool is null
            ? new Tensor(rows, cols, requiresGrad: needs)
            : new Tensor(rows, cols, Pool.Rent(rows * cols), needs, Pool);
        if (Pool is not null)
        {
            _created.Add(output);
        }

        if (needs)
        {
            var profile = Profile;
            _backward.Add(() =>
            {
                if (!output.HasGrad)
                {
                    return;
                }

                var start = profile is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                var allocated = profile is null ? 0 : GC.GetTotalAllocatedBytes();
                backward!(output);
                profile?.Add(op, System.Diagnostics.Stopwatch.GetElapsedTime(start), profile is null ? 0 : GC.GetTotalAllocatedBytes() - allocated);
            });
        }

        return output;
    }
}
