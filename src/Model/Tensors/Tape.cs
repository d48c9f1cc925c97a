namespace PerturbKG.Model.Tensors;

/// <summary>
/// Records operations for reverse-mode differentiation. Each op computes its result at once and, while recording,
/// pushes a closure that adds its inputs' gradients from its output's. A tape that is not recording (evaluation)
/// computes the same values without keeping anything.
/// </summary>
public sealed partial class Tape
{
    private readonly List<Action> _backward = [];

    public Tape(bool recording = true) => Recording = recording;

    public bool Recording { get; }

    /// <summary>An evaluation tape: no gradients, nothing kept.</summary>
    public static Tape NoGrad() => new(recording: false);

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

        loss.Grad[0] = 1;
        for (var i = _backward.Count - 1; i >= 0; i--)
        {
            _backward[i]();
        }

        _backward.Clear();
    }

    /// <summary>Creates an op's output and records its backward step when any input needs a gradient.</summary>
    private Tensor Result(int rows, int cols, Action<Tensor>? backward, params Tensor[] inputs)
    {
        var needs = Recording && backward is not null && Array.Exists(inputs, t => t.RequiresGrad);
        var output = new Tensor(rows, cols, requiresGrad: needs);
        if (needs)
        {
            _backward.Add(() =>
            {
                if (output.HasGrad)
                {
                    backward!(output);
                }
            });
        }

        return output;
    }
}
