using System.Numerics.Tensors;

namespace PerturbKG.Model.Tensors;

public sealed partial class Tape
{
    public Tensor Relu(Tensor x) => LeakyRelu(x, 0f);

    /// <summary>max(x, slope·x).</summary>
    public Tensor LeakyRelu(Tensor x, float slope = 0.2f) => Pointwise(
        x,
        (input, output) =>
        {
            for (var i = 0; i < input.Length; i++)
            {
                output[i] = input[i] > 0 ? input[i] : slope * input[i];
            }
        },
        (input, _, gradOut, gradIn) =>
        {
            for (var i = 0; i < input.Length; i++)
            {
                gradIn[i] += input[i] > 0 ? gradOut[i] : slope * gradOut[i];
            }
        });

    /// <summary>x for x &gt; 0, exp(x) − 1 otherwise.</summary>
    public Tensor Elu(Tensor x) => Pointwise(
        x,
        (input, output) =>
        {
            for (var i = 0; i < input.Length; i++)
            {
                output[i] = input[i] > 0 ? input[i] : MathF.Exp(input[i]) - 1f;
            }
        },
        (input, output, gradOut, gradIn) =>
        {
            for (var i = 0; i < input.Length; i++)
            {
                gradIn[i] += input[i] > 0 ? gradOut[i] : gradOut[i] * (output[i] + 1f);
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
    private Tensor Pointwise(Tensor x, PointwiseForward forward, PointwiseBackward backward)
    {
        var output = Result(x.Rows, x.Cols, o => Parallelism.For(x.Length, ElementChunk, (s, e) =>
            backward(x.Data.AsSpan(s, e - s), o.Data.AsSpan(s, e - s), o.Grad.AsSpan(s, e - s), x.Grad.AsSpan(s, e - s))), x);
        Parallelism.For(x.Length, ElementChunk, (s, e) => forward(x.Data.AsSpan(s, e - s), output.Data.AsSpan(s, e - s)));
        return output;
    }
}
