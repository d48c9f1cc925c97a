namespace PerturbKG.Model.Evaluation;

/// <summary>
/// Random, scaffold and unseen-cell splits of (drug, cell) pairs. Scaffold splits keep every Bemis–Murcko scaffold in
/// one fold (large scaffolds go to training first, the rest in seeded random order, as chemprop's balanced scaffold
/// split); unseen-cell splits keep every cell line in one fold.
/// </summary>
public static class Splitter
{
    public static Split Random(int pairs, SplitRatios ratios, ulong seed)
    {
        ratios.Check();
        var order = Enumerable.Range(0, pairs).ToArray();
        new DeterministicRandom(seed).Shuffle(order);
        var train = (int)Math.Round(pairs * ratios.Train);
        var validation = (int)Math.Round(pairs * ratios.Validation);
        return new Split("random", seed, order[..train], order[train..(train + validation)], order[(train + validation)..]);
    }

    /// <param name="scaffoldOfPair">Each pair's drug scaffold key ("" for acyclic drugs).</param>
    public static Split Scaffold(IReadOnlyList<string> scaffoldOfPair, SplitRatios ratios, ulong seed)
    {
        var groups = Groups(scaffoldOfPair);
        var total = scaffoldOfPair.Count;
        var big = groups.Where(g => g.Count > total * ratios.Test / 2).OrderByDescending(g => g.Count).ToList();
        var small = groups.Except(big).ToList();
        new DeterministicRandom(seed).Shuffle(small);
        return Fill("scaffold", big.Concat(small).ToList(), total, ratios, seed);
    }

    /// <param name="cellOfPair">Each pair's cell line.</param>
    public static Split UnseenCell(IReadOnlyList<int> cellOfPair, SplitRatios ratios, ulong seed)
    {
        var groups = Groups(cellOfPair.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        if (groups.Count < 3)
        {
            throw new ArgumentException($"An unseen-cell split needs at least 3 cell lines; the data has {groups.Count}.");
        }

        new DeterministicRandom(seed).Shuffle(groups);
        var total = cellOfPair.Count;
        // Hold out whole cell lines: test first, then validation, so both get at least one.
        var test = new List<int>();
        var validation = new List<int>();
        var train = new List<int>();
        foreach (var group in groups)
        {
            if (test.Count == 0 || test.Count + group.Count <= total * ratios.Test)
            {
                test.AddRange(group);
            }
            else if (validation.Count == 0 || validation.Count + group.Count <= total * ratios.Validation)
            {
                validation.AddRange(group);
            }
            else
            {
                train.AddRange(group);
            }
        }

        return new Split("cell", seed, [.. train], [.. validation], [.. test]);
    }

    private static List<List<int>> Groups(IReadOnlyList<string> keys) =>
        Enumerable.Range(0, keys.Count).GroupBy(i => keys[i]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();

    private static Split Fill(string kind, List<List<int>> groups, int total, SplitRatios ratios, ulong seed)
    {
        ratios.Check();
        var (train, validation, test) = (new List<int>(), new List<int>(), new List<int>());
        foreach (var group in groups)
        {
            if (train.Count + group.Count <= total * ratios.Train)
            {
                train.AddRange(group);
            }
            else if (validation.Count + group.Count <= total * ratios.Validation)
            {
                validation.AddRange(group);
            }
            else
            {
                test.AddRange(group);
            }
        }

        return new Split(kind, seed, [.. train], [.. validation], [.. test]);
    }
}
