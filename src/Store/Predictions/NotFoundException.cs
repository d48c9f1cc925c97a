namespace PerturbKG.Store.Predictions;

/// <summary>A drug, cell line, gene, signature or run that a store does not hold, with the closest names it does.</summary>
public sealed class NotFoundException(string what, string value, IReadOnlyList<string> closeMatches)
    : Exception(Describe(what, value, closeMatches))
{
    public string What { get; } = what;

    public string Value { get; } = value;

    public IReadOnlyList<string> CloseMatches { get; } = closeMatches;

    private static string Describe(string what, string value, IReadOnlyList<string> close) =>
        $"No {what} '{value}' in the store." + (close.Count > 0 ? $" Close matches: {string.Join(", ", close)}." : string.Empty);
}
