using PerturbKG.Model;
using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Evaluation;
using PerturbKG.Model.Training;

namespace PerturbKG.UnitTests.Model;

/// <summary>
/// The closed-form baselines on planted data: 90 drugs with 64-bit fingerprints, one cell line, 12 landmark genes
/// whose delta is a fixed linear function of the drug's bits plus noise; drugs target a gene of a chain.
/// </summary>
public sealed class BaselinesTests
{
    private const int Drugs = 90, Bits = 64, Genes = 12;

    [Fact]
    public void Ridge_RecoversAPlantedLinearSignal_OnUnseenDrugs()
    {
        var (graph, pairs) = Planted();
        var (train, validation, test) = (pairs[..60], pairs[60..75], pairs[75..]);
        var means = new TrainingMeans(train);
        var ridge = new RidgeModel("ridge", [FeatureBlock.DrugFeatures(graph)!]);

        new Trainer(new TrainingOptions()).Train(ridge, train, validation, means, ct: TestContext.Current.CancellationToken);
        var metrics = Score(ridge, test, means);

        Assert.True(metrics.Average(m => m.PearsonDeltaCentroid) > 0.6, $"Pearson-Δ centroid {metrics.Average(m => m.PearsonDeltaCentroid):F3}");
        Assert.True(metrics.Average(m => m.RetrievalRank) < 0.2, $"retrieval rank {metrics.Average(m => m.RetrievalRank):F3}");
    }

    [Fact]
    public void Ridge_IsDeterministic()
    {
        var (graph, pairs) = Planted();
        var means = new TrainingMeans(pairs[..60]);
        float[][] Fit()
        {
            var ridge = new RidgeModel("ridge", [FeatureBlock.DrugFeatures(graph)!]);
            ridge.Fit(pairs[..60], pairs[60..75], means, TestContext.Current.CancellationToken);
            return Trainer.Predict(ridge, pairs[75..], means);
        }

        Assert.Equal(Fit(), Fit());
    }

    [Fact]
    public void Ridge_PredictsTheCellMean_WhenThereAreNoInputFeatures()
    {
        var (_, pairs) = Planted();
        var means = new TrainingMeans(pairs[..60]);
        var ridge = new RidgeModel("ridge", []);

        var result = ridge.Fit(pairs[..60], pairs[60..75], means, TestContext.Current.CancellationToken);
        var predicted = Trainer.Predict(ridge, pairs[75..], means);

        Assert.Contains("no input features", result.Choice, StringComparison.Ordinal);
        Assert.All(predicted, p => Assert.Equal(means.ForCell(Drugs + Genes), p));
    }

    [Fact]
    public void Knn_PredictsTheTwinsProfile_WhenADrugHasAnIdenticalFingerprintInTraining()
    {
        var (graph, pairs) = Planted(twins: true);
        var (train, validation) = (pairs[..60], pairs[60..90]);
        var means = new TrainingMeans(train);
        var knn = new KnnModel(graph);

        knn.Fit(train, validation, means, TestContext.Current.CancellationToken);
        var predicted = Trainer.Predict(knn, validation, means);

        Assert.Equal(1, knn.K);
        for (var i = 0; i < validation.Count; i++)
        {
            var twin = train.Single(t => knn.Similarity(t.Drug, validation[i].Drug) == 1);
            Assert.Equal(twin.Delta, predicted[i], (a, b) => Math.Abs(a - b) < 1e-4);
        }
    }

    [Fact]
    public void Knn_PredictsTheCellMean_ForADrugWithoutAFingerprint()
    {
        var (graph, pairs) = Planted();
        var means = new TrainingMeans(pairs[..60]);
        var knn = new KnnModel(graph);
        knn.Fit(pairs[..60], pairs[60..75], means, TestContext.Current.CancellationToken);

        var predicted = Trainer.Predict(knn, [new PairSample("x", Drugs + 3, Drugs + Genes, new float[Genes], 1)], means);

        Assert.Equal(means.ForCell(Drugs + Genes), predicted[0], (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void RandomWalk_VisitsGenesNearTheDrugsTargetMost()
    {
        var (graph, _) = Planted();
        var walks = new RandomWalkFeatures(graph);

        var features = walks.Of(0); // drug 0 targets gene 0 of the chain

        Assert.Equal(Genes, features.Length);
        Assert.True(features[0] > features[1] && features[1] > features[2] && features[2] > features[5], string.Join(", ", features.Select(f => f.ToString("F2"))));
    }

    [Fact]
    public void KgRidge_FindsATargetDrivenSignal_ThatStructureAloneCannot()
    {
        var (graph, pairs) = Planted(targetDriven: true);
        var (train, validation, test) = (pairs[..60], pairs[60..75], pairs[75..]);
        var means = new TrainingMeans(train);
        var walks = new RandomWalkFeatures(graph);
        var kg = new RidgeModel("kg-ridge", [new FeatureBlock("walk", Genes, (d, _) => walks.Of(d), Standardize: true, Prepare: walks.Prepare)]);

        new Trainer(new TrainingOptions()).Train(kg, train, validation, means, ct: TestContext.Current.CancellationToken);
        var metrics = Score(kg, test, means);

        Assert.True(metrics.Average(m => m.PearsonDeltaCentroid) > 0.5, $"Pearson-Δ centroid {metrics.Average(m => m.PearsonDeltaCentroid):F3}");
    }

    private static IReadOnlyList<SampleMetrics> Score(IPerturbationModel model, IReadOnlyList<PairSample> test, TrainingMeans means) =>
        FoldMetrics.Compute(Trainer.Predict(model, test, means), test.Select(s => s.Delta).ToList(), test.Select(s => s.Cell).ToList(), means.Global);

    // Drugs are rows 0..89, genes 90..101 (a chain; all landmarks), the cell line row 102.
    private static (GraphData, List<PairSample>) Planted(bool twins = false, bool targetDriven = false)
    {
        var random = new DeterministicRandom(21);
        var bits = new Matrix(Drugs, Bits);
        for (var d = 0; d < Drugs; d++)
        {
            var source = twins && d >= 60 ? d - 60 : d; // drugs 60..89 copy the bits of drugs 0..29
            for (var b = 0; b < Bits; b++)
            {
                bits.Row(d)[b] = source == d ? (random.Chance(0.2) ? 1 : 0) : bits.Row(source)[b];
            }
        }

        var weights = Enumerable.Range(0, Bits * Genes).Select(_ => (float)random.NextGaussian()).ToArray();
        var (sources, targets, relations) = (new List<int>(), new List<int>(), new List<int>());
        var targetOf = new int[Drugs];
        for (var d = 0; d < Drugs; d++)
        {
            targetOf[d] = d % Genes;
            sources.Add(d);
            targets.Add(Drugs + targetOf[d]);
            relations.Add(0);
        }

        for (var g = 0; g + 1 < Genes; g++)
        {
            sources.Add(Drugs + g);
            targets.Add(Drugs + g + 1);
            relations.Add(1);
        }

        var graph = new GraphData(
            [new NodeBlock("Drug", 0, Drugs, bits, Bits), new NodeBlock("Gene", Drugs, Genes, null), new NodeBlock("CellLine", Drugs + Genes, 1, null)],
            new StoredEdges([.. sources], [.. targets], [.. relations]),
            [new RelationInfo("binds", false), new RelationInfo("chain", true)],
            Enumerable.Range(Drugs, Genes).ToArray());
        var pairs = Enumerable.Range(0, Drugs).Select(d =>
        {
            var delta = new float[Genes];
            for (var g = 0; g < Genes; g++)
            {
                var signal = targetDriven
                    ? 3f * Math.Max(0, 3 - Math.Abs(targetOf[d] - g))
                    : Enumerable.Range(0, Bits).Sum(b => bits.Row(d)[b] * weights[(b * Genes) + g]);
                delta[g] = signal + (float)(0.3 * random.NextGaussian());
            }

            return new PairSample($"d{d}", d, Drugs + Genes, delta, 1);
        }).ToList();
        return (graph, pairs);
    }
}
