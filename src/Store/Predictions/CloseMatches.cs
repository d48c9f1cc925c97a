namespace PerturbKG.Store.Predictions;

/// <summary>The candidates closest to a mistyped name: containing it, or within a few edits.</summary>
public static class CloseMatches
{
    public static IReadOnlyList<string> Among(string wanted, IEnumerable<string> candidates, int take = 5)
    {
        var lower = wanted.ToLowerInvariant();
        var budget = Math.Max(2, wanted.Length / 3);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: c.Contains(wanted, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(lower, c.ToLowerInvariant(), budget)))
            .Where(c => c.Distance <= budget)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name.Length).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(take)
            .Select(c => c.Name)
            .ToList();
    }

    // Levenshtein distance, giving up (returning budget + 1) once it must exceed the budget.
    private static int Distance(string a, string b, int budget)
    {
        if (Math.Abs(a.Length - b.Length) > budget)
        {
            return budget + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }

            if (best > budget)
            {
                return budget + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
