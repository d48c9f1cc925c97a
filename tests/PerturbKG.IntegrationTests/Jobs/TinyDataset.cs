using PerturbKG.Ingest;
using PerturbKG.Ingest.Synthetic;

namespace PerturbKG.IntegrationTests.Jobs;

/// <summary>The generator's tiny dataset on disk, and (when asked) a store already holding it.</summary>
public static class TinyDataset
{
    public static IngestOptions Files(TempDirectory dir, ulong seed = 5) =>
        new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Tiny, seed).Ingest;

    public static async Task<string> StoreAsync(TempDirectory dir)
    {
        var store = new StoreFile(dir.File("store.db"));
        await store.IngestAsync(Files(dir));
        return $"sqlite:{store.Path}";
    }

    /// <summary>Training options for a run that takes a while (many seeds, every model and ablation), for cancel, queue and kill tests.</summary>
    public static object LongTraining => new { seeds = 20, epochs = 10000, hidden = 256, heads = 4, layers = 4 };
}
