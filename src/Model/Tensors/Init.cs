namespace PerturbKG.Model.Tensors;

/// <summary>Parameter initialisation.</summary>
public static class Init
{
    /// <summary>Xavier/Glorot uniform: U(±√(6 / (fan_in + fan_out))).</summary>
    public static Tensor Xavier(int rows, int cols, DeterministicRandom random)
    {
        var bound = MathF.Sqrt(6f / (rows + cols));
        return Uniform(rows, cols, bound, random);
    }

    /// <summary>Kaiming/He uniform for ReLU-like layers: U(±√(6 / fan_in)).</summary>
    public static Tensor Kaiming(int rows, int cols, DeterministicRandom random) => Uniform(rows, cols, MathF.Sqrt(6f / rows), random);

    /// <summary>Small normal values (embeddings).</summary>
    public static Tensor Normal(int rows, int cols, float std, DeterministicRandom random)
    {
        var tensor = Tensor.Parameter(rows, cols);
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor.Data[i] = (float)(random.NextGaussian() * std);
        }

        return tensor;
    }

    public static Tensor Constant(int rows, int cols, float value)
    {
        var tensor = Tensor.Parameter(rows, cols);
        Array.Fill(tensor.Data, value);
        return tensor;
    }

    private static Tensor Uniform(int rows, int cols, float bound, DeterministicRandom random)
    {
        var tensor = Tensor.Parameter(rows, cols);
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor.Data[i] = ((2f * random.NextSingle()) - 1f) * bound;
        }

        return tensor;
    }
}
