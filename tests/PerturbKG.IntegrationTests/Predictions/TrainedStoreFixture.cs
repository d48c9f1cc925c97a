using Microsoft.Extensions.Logging.Abstractions;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Training;
using PerturbKG.Store.Sqlite;

namespace PerturbKG.IntegrationTests.Predictions;

/// <summary>A tiny generated dataset, ingested and trained once (GAT only, a few epochs), with its predictions written back.</summary>
public sealed class TrainedStoreFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public StoreFile Store { get; private set; } = null!;

    public string RunDirectory => _dir.File("runs/r1");

    public TrainingRunResult Result { get; private set; } = null!;

    public WriteBackOptions WriteBack { get; } = new() { TopGenes = 10, PathsPerEffect = 2, FaithfulnessEffects = 5 };

    public string Location => $"sqlite:{Store.Path}";

    public async ValueTask InitializeAsync()
    {
        var generated = new SyntheticDataGenerator().Generate(_dir.File("data"), GeneratorScale.Tiny, 8);
        Store = new StoreFile(_dir.File("s.db"));
        await Store.IngestAsync(generated.Ingest);
        await using var sqlite = SqliteGraphStore.Open(Store.Path);
        var defaults = new TrainingRunOptions { OutputDirectory = RunDirectory };
        Result = await new TrainingRun(NullLogger<TrainingRun>.Instance).RunAsync(sqlite, defaults with
        {
            Split = "random",
            Models = ["gat"],
            Ablations = [],
            Seeds = 1,
            GatTraining = defaults.GatTraining with { MaxEpochs = 3 },
            WriteBack = WriteBack,
        }, null, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
