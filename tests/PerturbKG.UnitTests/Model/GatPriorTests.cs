using PerturbKG.Model.Baselines;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;

namespace PerturbKG.UnitTests.Model;

/// <summary>The GAT's closed-form prior, the correction learned on top of it, and the ridge map the prior carries.</summary>
public sealed class GatPriorTests
{
    private static readonly GatOptions Options = new() { Hidden = 16, Heads = 2, Layers = 3, Dropout = 0f, Seed = 5 };

    [Theory]
    [InlineData(true)]  // random-walk readout ‖ drug ‖ cell: 12 inputs for 8 pairs, solved in the dual
    [InlineData(false)] // drug ‖ cell: 6 inputs, solved in the primal
    public void LinearMap_PredictsWhatTheRidgeDoes(bool readout)
    {
        var graph = TinyGraph.Build();
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var ridge = readout
            ? RidgeModel.OnGraph("prior", graph, new RandomWalkFeatures(graph), drugFeatures: true)
            : new RidgeModel("ridge", [FeatureBlock.DrugFeatures(graph)!, FeatureBlock.CellFeatures(graph)!]);
        ridge.Fit(pairs, pairs, means, TestContext.Current.CancellationToken);
        var batch = means.Batch(pairs);

        var (shift, weights) = ridge.LinearMap()!.Value;
        var rows = ridge.RawRows(batch.Drugs, batch.Cells);
        var genes = TinyGraph.Landmarks.Length;
        var mapped = new Matrix(pairs.Count, genes);
        for (var i = 0; i < pairs.Count; i++)
        {
            for (var j = 0; j < ridge.Width; j++)
            {
                for (var g = 0; g < genes; g++)
                {
                    mapped.Row(i)[g] += (rows.Row(i)[j] - shift[j]) * weights[(j * genes) + g];
                }
            }
        }

        var expected = ridge.Predict(batch).Data;
        var actual = batch.Frame(mapped).Data;
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4));
    }

    [Fact]
    public void WithNoCorrection_TheGatPredictsItsPrior()
    {
        var graph = TinyGraph.Build();
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var model = new GatModel(graph, Options);
        new Trainer(new TrainingOptions { MaxEpochs = 5, Patience = 5, BatchSize = 8 }).Train(model, pairs, pairs, means, ct: TestContext.Current.CancellationToken);
        var prior = RidgeModel.OnGraph("gat-prior", graph, new RandomWalkFeatures(graph), drugFeatures: true);
        prior.Fit(pairs, pairs, means, TestContext.Current.CancellationToken);
        var batch = means.Batch(pairs);

        model.Correction = 0f;
        var (expected, actual) = (prior.Predict(batch).Data, model.Predict(batch).Data);

        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4));
        model.Correction = 1f;
        Assert.NotEqual(expected, model.Predict(batch).Data);
    }

    [Fact]
    public void Trainer_ChoosesTheCorrectionOnValidation_AndSaysSo()
    {
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var model = new GatModel(TinyGraph.Build(), Options);

        var result = new Trainer(new TrainingOptions { MaxEpochs = 20, Patience = 20, BatchSize = 8, HuberDelta = 1f })
            .Train(model, pairs, pairs, means, ct: TestContext.Current.CancellationToken);

        Assert.Contains(model.Correction, Trainer.CorrectionGrid);
        Assert.Contains($"correction × {model.Correction:G2}", result.Choice, StringComparison.Ordinal);
        Assert.Contains("Huber loss", result.Choice, StringComparison.Ordinal);
        Assert.Contains("prior: ridge, penalty", result.Choice, StringComparison.Ordinal);
    }

    [Fact]
    public void FeaturelessDrugs_PredictTheSame_WhateverTheirFeatures()
    {
        var graph = TinyGraph.Build();
        var drugs = graph.Block("Drug")!;
        var other = new Matrix(drugs.Count, drugs.Features!.Cols, Enumerable.Range(0, drugs.Count * drugs.Features.Cols).Select(i => (float)Math.Sin(i)).ToArray());
        var changed = graph.WithBlocks(graph.Blocks.Select(b => b.Type == "Drug" ? b with { Features = other } : b).ToList());
        var options = Options with { Prior = false, FeaturelessTypes = new HashSet<string>(["Drug"]) };
        var pairs = TinyGraph.Pairs();
        var batch = new TrainingMeans(pairs).Batch(pairs);

        var (model, twin) = (new GatModel(graph, options), new GatModel(changed, options));

        Assert.Contains("input.Drug_type", model.state_dict().Keys);
        Assert.DoesNotContain("input.Drug.weight", model.state_dict().Keys);
        Assert.Equal(model.Predict(batch).Data, twin.Predict(batch).Data);
        Assert.NotEqual(new GatModel(graph, Options with { Prior = false }).Predict(batch).Data, new GatModel(changed, Options with { Prior = false }).Predict(batch).Data);
    }

    [Fact]
    public void WithoutAPrior_TheModelHasNoPriorBuffers_AndItsCorrectionIsOne()
    {
        var model = new GatModel(TinyGraph.Build(), Options with { Prior = false });
        var withPrior = new GatModel(TinyGraph.Build(), Options);

        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("prior.", StringComparison.Ordinal) || k == "correction");
        Assert.Contains("prior.weight", withPrior.state_dict().Keys);
        Assert.Contains("correction", withPrior.state_dict().Keys);
        Assert.Equal(1f, model.Correction);
        Assert.Throws<InvalidOperationException>(() => model.Correction = 0.5f);
    }
}
