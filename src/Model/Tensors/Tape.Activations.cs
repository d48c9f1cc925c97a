using System.Numerics;
using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    public Tensor Relu(Tensor x) => LeakyRelu(x, 0f, nameof(Relu));

    /// <summary>max(x, slope·x), computed without branches (random signs would defeat the branch predictor).</summary>
    public Tensor LeakyRelu(Tensor x, float slope = 0.2f) => LeakyRelu(x, slope, nameof(LeakyRelu));

    private Tensor LeakyRelu(Tensor x, float slope, string op) => Pointwise(
        x,
        (input, output) =>
        {
            TensorPrimitives.Multiply(input, slope, output);
            TensorPrimitives.Max(input, output, output);
        },
        (input, _, gradOut, gradIn) =>
        {
            var zero = Vector<float>.Zero;
            var i = 0;
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(input[i..]);
                var g = new Vector<float>(gradOut[i..]);
                var d = Vector.ConditionalSelect(Vector.GreaterThan(v, zero), g, g * slope);
                (new Vector<float>(gradIn[i..]) + d).CopyTo(gradIn[i..]);
            }

            for (; i < input.Length; i++)
            {
                gradIn[i] += input[i] > 0 ? gradOut[i] : slope * gradOut[i];
            }
        },
        op);

    /// <summary>ELU: x for x &gt; 0, exp(x) − 1 otherwise; computed as max(x, exp(min(x, 0)) − 1).</summary>
    public Tensor Elu(Tensor x) => Pointwise(
        x,
        (input, output) =>
        {
            TensorPrimitives.Min(input, 0f, output);
            FastMath.Exp(output, output);
            TensorPrimitives.Subtract(output, 1f, output);
            TensorPrimitives.Max(input, output, output);
        },
        (input, _, gradOut, gradIn) =>
        {
            // The derivative is exp(min(x, 0)): 1 above zero, exp(x) below.
            Span<float> derivative = stackalloc float[Math.Min(input.Length, 4096)];
            for (var start = 0; start < input.Length; start += derivative.Length)
            {
                var n = Math.Min(derivative.Length, input.Length - start);
                var d = derivative[..n];
                TensorPrimitives.Min(input.Slice(start, n), 0f, d);
                FastMath.Exp(d, d);
                TensorPrimitives.MultiplyAdd(d, gradOut.Slice(start, n), gradIn.Slice(start, n), gradIn.Slice(start, n));
            }
        });

    public Tensor Tanh(Tensor x) => Pointwise(
        x,
        (input, output) => TensorPrimitives.Tanh(input, output),
        (_, output, gradOut, gradIn) =>
        {
            for (var i = 0; i < output.Length; i++)
            {
                gradIn[i] += gradOut[i] * (1f - (output[i] * output[i]));
            }
        });

    public Tensor Sigmoid(Tensor x) => Pointwise(
        x,
        (input, output) => TensorPrimitives.Sigmoid(input, output),
        (_, output, gradOut, gradIn) =>
        {
            for (var i = 0; i < output.Length; i++)
            {
                gradIn[i] += gradOut[i] * output[i] * (1f - output[i]);
            }
        });

    private delegate void PointwiseForward(ReadOnlySpan<float> input, Span<float> output);

    private delegate void PointwiseBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn);

    // An elementwise function and its derivative, both run in parallel chunks.
    private Tensor Pointwise(Tensor x, PointwiseForward forward, PointwiseBackward backward, [System.Runtime.CompilerServices.CallerMemberName] string op = "")
    {
        var output = Result(x.Rows, x.Cols, o => Parallelism.For(x.Length, ElementChunk, (s, e) =>
            backward(x.Data.AsSpan(s, e - s), o.Data.AsSpan(s, e - s), o.Grad.AsSpan(s, e - s), x.Grad.AsSpan(s, e - s))), [x], op);
        Parallelism.For(x.Length, ElementChunk, (s, e) => forward(x.Data.AsSpan(s, e - s), output.Data.AsSpan(s, e - s)));
        return output;
    }
}
