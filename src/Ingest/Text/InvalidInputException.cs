namespace PerturbKG.Ingest.Text;

/// <summary>An input file that cannot be used at all; the message names the file and line.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string file, long line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public InvalidInputException()
        : this("(unknown)", 0, "invalid input")
    {
    }

    public InvalidInputException(string message)
        : this("(unknown)", 0, message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "(unknown)";
        Problem = message;
    }

    public string File { get; } = "(unknown)";

    /// <summary>1-based line number, or 0 when the problem is not at a line.</summary>
    public long Line { get; }

    public string Problem { get; } = string.Empty;
}
