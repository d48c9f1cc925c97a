using PerturbKG.Model.Evaluation;

namespace PerturbKG.UnitTests.Model;

public sealed class SplitterTests
{
    [Fact]
    public void Random_CoversEveryPairOnce_InTheRatios()
    {
        var split = Splitter.Random(1_000, new SplitRatios(), 3);

        Assert.Equal(Enumerable.Range(0, 1_000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        Assert.Equal((800, 100, 100), (split.Train.Length, split.Validation.Length, split.Test.Length));
        Assert.NotEqual(split.Test, Splitter.Random(1_000, new SplitRatios(), 4).Test);
    }

    [Fact]
    public void Scaffold_NeverSplitsAScaffoldAcrossFolds_AndPutsBigScaffoldsInTraining()
    {
        // One big scaffold (300 pairs), then 70 scaffolds of 10.
        var scaffolds = Enumerable.Repeat("big", 300).Concat(Enumerable.Range(0, 700).Select(i => $"s{i / 10}")).ToList();

        var split = Splitter.Scaffold(scaffolds, new SplitRatios(), 1);

        var fold = new Dictionary<string, string>();
        foreach (var (name, indices) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            foreach (var i in indices)
            {
                Assert.True(fold.TryAdd(scaffolds[i], name) || fold[scaffolds[i]] == name, $"scaffold {scaffolds[i]} is in two folds");
            }
        }

        Assert.Equal("train", fold["big"]);
        Assert.Equal(1_000, split.Train.Length + split.Validation.Length + split.Test.Length);
        Assert.InRange(split.Test.Length, 80, 120);
    }

    [Fact]
    public void UnseenCell_KeepsEveryCellLineInOneFold()
    {
        var cells = Enumerable.Range(0, 900).Select(i => i % 9).ToList();

        var split = Splitter.UnseenCell(cells, new SplitRatios(), 2);

        var testCells = split.Test.Select(i => cells[i]).ToHashSet();
        var validationCells = split.Validation.Select(i => cells[i]).ToHashSet();
        var trainCells = split.Train.Select(i => cells[i]).ToHashSet();
        Assert.NotEmpty(testCells);
        Assert.NotEmpty(validationCells);
        Assert.Empty(testCells.Intersect(trainCells));
        Assert.Empty(validationCells.Intersect(trainCells));
        Assert.Empty(testCells.Intersect(validationCells));
    }

    [Fact]
    public void UnseenCell_Refuses_WhenThereAreFewerThanThreeCellLines() =>
        Assert.Throws<ArgumentException>(() => Splitter.UnseenCell([1, 1, 2, 2], new SplitRatios(), 1));

    [Fact]
    public void Ratios_MustBePositiveAndSumToOne() =>
        Assert.Throws<ArgumentException>(() => Splitter.Random(10, new SplitRatios(0.9, 0.1, 0.1), 1));
}
