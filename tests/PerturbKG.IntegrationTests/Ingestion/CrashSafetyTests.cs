using PerturbKG.Admin.Cli;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.IntegrationTests.Jobs;

namespace PerturbKG.IntegrationTests.Ingestion;

/// <summary>A re-ingest killed at any moment leaves the store exactly as the earlier load left it.</summary>
public sealed class CrashSafetyTests
{
    private const string Loading = "Loading dataset";
    private const string Committing = "Committing dataset";

    [Fact]
    public async Task ReIngest_KilledAtTenMoments_LeavesTheStoreAsTheFirstLoadLeftIt()
    {
        using var dir = new TempDirectory();
        var data = new SyntheticDataGenerator().Generate(dir.File("data"), GeneratorScale.Small, 42);
        var store = new StoreFile(dir.File("s.db"));
        await store.IngestAsync(data.Ingest);
        var byKeys = store.ContentByKeys();
        var arguments = IngestCommand.CommandLine(data.Ingest, $"sqlite:{store.Path}").Replace("\\\n", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Append("--verbose").ToArray(); // drop "perturbkg"

        // One whole reload by the CLI, timed from "Loading dataset" (the load's transaction) to "Committing dataset".
        var load = await TimeTheLoadAsync(arguments);
        var expected = store.ContentHash();
        var killedMidLoad = 0;
        for (var i = 0; i < 10; i++)
        {
            using var ingest = new PerturbKgProcess(arguments);
            await WaitForAsync(ingest, Loading);
            await Task.Delay(load * (0.05 + (0.09 * i)), TestContext.Current.CancellationToken);
            var committing = ingest.Output.Contains(Committing, StringComparison.Ordinal) || ingest.HasExited;
            if (!ingest.HasExited)
            {
                await ingest.KillAsync();
            }

            var after = store.ContentHash();
            if (after == expected)
            {
                killedMidLoad += committing ? 0 : 1;
                continue;
            }

            // The only other state allowed: the load committed before the kill landed — a whole reload.
            Assert.True(committing, $"kill {i + 1} landed before the commit, yet the store changed");
            Assert.Equal(byKeys, store.ContentByKeys());
            expected = after;
        }

        TestContext.Current.SendDiagnosticMessage($"{killedMidLoad} of 10 re-ingests killed inside the load's transaction (a whole load took {load.TotalSeconds:F1} s)");
        Assert.True(killedMidLoad >= 5, $"only {killedMidLoad} of 10 kills landed inside the load's transaction");
    }

    private static async Task<TimeSpan> TimeTheLoadAsync(string[] arguments)
    {
        using var whole = new PerturbKgProcess(arguments);
        await WaitForAsync(whole, Loading);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await WaitForAsync(whole, Committing);
        var load = clock.Elapsed;
        await whole.WaitForExitAsync();
        return load;
    }

    private static async Task WaitForAsync(PerturbKgProcess process, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!process.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !(process.HasExited && !process.Output.Contains(text, StringComparison.Ordinal)), $"no '{text}' from ingest:\n{process.Output}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
