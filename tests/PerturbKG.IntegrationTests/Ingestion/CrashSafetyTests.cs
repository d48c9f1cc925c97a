using PerturbKG.Admin.Cli;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.IntegrationTests.Jobs;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>A re-ingest killed at any moment leaves the store exactly as the earlier load left it.</summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task ReIngest_KilledAtTenMoments_LeavesTheStoreAsTheFirstLoadLeftIt()
    {
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Small, 42);
        var store = new StoreFile(dir.File("s.db"));
        await store.IngestAsync(data.Ingest);
        var byKeys = store.ContentByKeys();
        var committedAtTheKill = 0;
        var arguments = IngestCommand.CommandLine(data.Ingest, $"sqlite:{store.Path}").Replace("\\\n", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray(); // drop "perturbkg"

        // Time one whole reload by the CLI (process start included), then kill ten more at 30% to 89% of that time.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var whole = new PerturbKgProcess(arguments))
        {
            while (!whole.HasExited)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        var full = clock.Elapsed;
        var expected = store.ContentHash();
        var moments = Enumerable.Range(0, 10).Select(i => full * (0.30 + (0.065 * i))).ToList();
        var finished = 0;
        foreach (var moment in moments)
        {
            using var ingest = new PerturbKgProcess(arguments);
            await Task.Delay(moment, TestContext.Current.CancellationToken);
            if (ingest.HasExited)
            {
                // It finished before the kill: a whole reload (the idempotency test checks it gives the same content).
                finished++;
                expected = store.ContentHash();
                continue;
            }

            await ingest.KillAsync();
            var after = store.ContentHash();
            if (after != expected)
            {
                // The only other state allowed: the load committed just before the kill landed — a whole reload.
                Assert.Equal(byKeys, store.ContentByKeys());
                committedAtTheKill++;
                expected = after;
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{moments.Count - finished - committedAtTheKill} of {moments.Count} re-ingests killed mid-load (a whole one took {full.TotalSeconds:F1} s)");
        Assert.True(finished + committedAtTheKill < moments.Count / 2, $"only {moments.Count - finished} loads were killed mid-way; the moments are too late for this machine");
    }
}
