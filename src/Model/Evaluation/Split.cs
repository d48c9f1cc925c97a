namespace PerturbKG.Model.Evaluation;

/// <summary>
/// Which pairs train, validate and test a model. With an external test set, <paramref name="Excluded"/> counts the
/// pairs kept out of training and validation because they share a drug, scaffold or (unseen-cell split) cell line with it.
/// </summary>
public sealed record Split(string Kind, ulong Seed, int[] Train, int[] Validation, int[] Test, bool ExternalTest = false, int Excluded = 0)
{
    public override string ToString() =>
        $"{Kind} (seed {Seed}): {Train.Length} train, {Validation.Length} validation, {Test.Length} test" +
        (ExternalTest ? $" (external; {Excluded} pairs sharing a drug or scaffold with it left out)" : string.Empty);
}

/// <summary>The share of pairs (or of groups) in each fold.</summary>
public sealed record SplitRatios(double Train = 0.8, double Validation = 0.1, double Test = 0.1)
{
    public void Check()
    {
        if (Train <= 0 || Validation <= 0 || Test <= 0 || Math.Abs(Train + Validation + Test - 1) > 1e-6)
        {
            throw new ArgumentException($"Split ratios {Train}/{Validation}/{Test} must be positive and sum to 1.");
        }
    }
}
