using System.Text;
using PerturbKG.Model.Data;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;
using TorchSharp;

namespace PerturbKG.UnitTests.Model;

public sealed class GatModelTests
{
    private static readonly GatOptions Options = new() { Hidden = 16, Heads = 2, Layers = 3, Dropout = 0f, Seed = 5 };

    [Fact]
    public void Predict_GivesOneRowOfLandmarkGenesPerPair()
    {
        var pairs = TinyGraph.Pairs();
        var model = new GatModel(TinyGraph.Build(), Options);

        var output = model.Predict(new TrainingMeans(pairs).Batch(pairs.Take(5).ToList()));

        Assert.Equal((5, 6), (output.Rows, output.Cols));
        Assert.All(output.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Attention_SumsToOnePerNodeAndHead_InEveryLayer()
    {
        var model = new GatModel(TinyGraph.Build(), Options);

        var attention = model.Attention();

        Assert.Equal(3, attention.Count);
        foreach (var alpha in attention)
        {
            Assert.Equal((model.Edges.Count, 2), (alpha.Rows, alpha.Cols));
            for (var node = 0; node < model.Edges.Nodes; node++)
            {
                for (var h = 0; h < 2; h++)
                {
                    var sum = Enumerable.Range(0, model.Edges.Count).Where(e => model.Edges.Target[e] == node).Sum(e => alpha[e, h]);
                    Assert.Equal(1f, sum, 4); // every node has at least its self-loop
                }
            }
        }
    }

    [Fact]
    public void Parameters_AreNamedByPart()
    {
        var names = new GatModel(TinyGraph.Build(), Options).state_dict().Keys.ToList();

        Assert.Contains("input.Drug.weight", names);
        Assert.Contains("input.Gene_embedding", names);
        Assert.Contains("layers.2.relation_gate", names);
        Assert.Contains("head.path_weights", names);
        Assert.Contains("head.path_scale", names);
    }

    [Fact]
    public void Dropout_ActsInTrainingModeOnly()
    {
        var pairs = TinyGraph.Pairs();
        var batch = new TrainingMeans(pairs).Batch(pairs.Take(4).ToList());
        var model = new GatModel(TinyGraph.Build(), Options with { Dropout = 0.5f });
        using var scope = torch.NewDisposeScope();
        using var guard = torch.no_grad();

        model.train();
        var first = Matrix.FromTensor(model.Forward(batch)).Data;
        var second = Matrix.FromTensor(model.Forward(batch)).Data;
        var evaluated = model.Predict(batch).Data;

        Assert.NotEqual(first, second);
        Assert.Equal(evaluated, model.Predict(batch).Data);
        Assert.False(model.training);
    }

    [Fact]
    public void Training_LowersTheLoss()
    {
        var pairs = TinyGraph.Pairs();
        var model = new GatModel(TinyGraph.Build(), Options);
        var means = new TrainingMeans(pairs);

        var result = new Trainer(new TrainingOptions { MaxEpochs = 150, Patience = 150, BatchSize = 8, LearningRate = 1e-2f }).Train(model, pairs, pairs, means, ct: TestContext.Current.CancellationToken);

        Assert.True(result.History[^1].Train < 0.5 * result.History[0].Train,
            $"training loss went from {result.History[0].Train:F4} to {result.History[^1].Train:F4}");
    }

    [Fact]
    public void PathTerm_Changes_WhenADrugsTargetMoves()
    {
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var original = new GatModel(TinyGraph.Build(), Options);
        var moved = new GatModel(TinyGraph.Build([[0], [3], [5], [1]]), Options);
        var train = new Trainer(new TrainingOptions { MaxEpochs = 60, Patience = 60, BatchSize = 8, LearningRate = 1e-2f });
        train.Train(original, pairs, pairs, means, ct: TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        Checkpoint.Save(dir.File("gat.bin"), original);
        Checkpoint.Load(dir.File("gat.bin"), moved);

        // Same weights, but drug 3's target edge now points at gene 1 instead of gene 9.
        var batch = means.Batch([pairs[6]]);
        var before = original.Predict(batch).Data;
        var after = moved.Predict(batch).Data;

        Assert.NotEqual(before, after);
        Assert.True(Math.Abs(after[1] - before[1]) > 1e-4, "the gene next to the new target should move");
    }

    [Fact]
    public void Rewired_OnTheSameGraph_PredictsTheSame()
    {
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var model = new GatModel(TinyGraph.Build(), Options);
        new Trainer(new TrainingOptions { MaxEpochs = 10, Patience = 10, BatchSize = 8 }).Train(model, pairs, pairs, means, ct: TestContext.Current.CancellationToken);
        var batch = means.Batch(pairs);

        var (expected, actual) = (model.Predict(batch).Data, model.Rewired(model.Graph).Predict(batch).Data);

        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5));
    }

    [Fact]
    public void Checkpoint_RestoresTheSamePredictions()
    {
        var pairs = TinyGraph.Pairs();
        var means = new TrainingMeans(pairs);
        var trained = new GatModel(TinyGraph.Build(), Options);
        new Trainer(new TrainingOptions { MaxEpochs = 10, Patience = 10, BatchSize = 8 }).Train(trained, pairs, pairs, means, ct: TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        var path = dir.File("gat.bin");

        Checkpoint.Save(path, trained);
        var restored = new GatModel(TinyGraph.Build(), Options with { Seed = 99 });
        Checkpoint.Load(path, restored);

        var batch = means.Batch(pairs);
        var (expected, actual) = (trained.Predict(batch).Data, restored.Predict(batch).Data);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-6));
    }

    [Fact]
    public void Checkpoint_NamesTheParameterThatDoesNotFit()
    {
        using var dir = new TempDirectory();
        var path = dir.File("gat.bin");
        Checkpoint.Save(path, new GatModel(TinyGraph.Build(), Options));

        var shape = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new GatModel(TinyGraph.Build(), Options with { Hidden = 32 })));
        var count = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new GatModel(TinyGraph.Build(), Options with { Layers = 2 })));

        Assert.Contains("'input.Drug.weight' is [16, 3] where model 'gat' has [32, 3]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected layers.2.", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_SaysSo_ForAFileOfThePreviousEngine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("old.bin");
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            writer.Write("PKGCKPT1");
            writer.Write("gat");
            writer.Write(0);
        }

        var error = Assert.Throws<CheckpointFromOldEngineException>(() => Checkpoint.Load(path, new GatModel(TinyGraph.Build(), Options)));

        Assert.Contains("previous tensor engine", error.Message, StringComparison.Ordinal);
    }
}
