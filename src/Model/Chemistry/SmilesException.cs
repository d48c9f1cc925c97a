namespace PerturbKG.Model.Chemistry;

/// <summary>A SMILES string that cannot be read; <see cref="Position"/> is 1-based.</summary>
public sealed class SmilesException : FormatException
{
    public SmilesException(string smiles, int index, string problem)
        : base($"invalid SMILES at position {index + 1}: {problem} in '{smiles}'")
    {
        Smiles = smiles;
        Position = index + 1;
        Problem = problem;
    }

    public SmilesException()
        : this(string.Empty, 0, "invalid SMILES")
    {
    }

    public SmilesException(string message)
        : this(string.Empty, 0, message)
    {
    }

    public SmilesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Smiles = string.Empty;
        Problem = message;
    }

    public string Smiles { get; } = string.Empty;

    public int Position { get; }

    public string Problem { get; } = string.Empty;
}
