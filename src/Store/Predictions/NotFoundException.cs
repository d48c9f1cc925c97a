namespace PerturbKG.Store.Predictions;

/// <summary>A drug, cell line, gene, signature or run that a store does not hold, with the closest names it does.</summary>
public sealed class NotFoundException(string what, string value, IReadOnlyList<string> closeMatches, string where = "the store")
    : Exception(Describe(what, value, closeMatches, where))
{
    public string What { get; } = what;

    public string Value { get; } = value;

    public IReadOnlyList<string> CloseMatches { get; } = closeMatches;

    private static string Describe(string what, string value, IReadOnlyList<string> close, string where) =>
        $"No {what} '{value}' in {where}." + (close.Count > 0 ? $" Close matches: {string.Join(", ", close)}." : string.Empty);
}
