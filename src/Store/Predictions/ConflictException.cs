namespace PerturbKG.Store.Predictions;

/// <summary>
/// An action the current state of what it acts on forbids: cancel a finished run, retry a succeeded one, load into a
/// store another load holds. Derives from <see cref="InvalidOperationException"/> so older catches still see it.
/// </summary>
public sealed class ConflictException : InvalidOperationException
{
    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConflictException()
    {
    }
}
