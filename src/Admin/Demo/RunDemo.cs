using FluentValidation;
using MediatR;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Demo;

/// <summary>
/// The main job on the embedded store, with no input: generate small synthetic data, ingest it, then train the GAT
/// with its baselines and ablations on a scaffold split and report.
/// </summary>
internal sealed record RunDemo(string WorkDirectory, ulong Seed, GeneratorScale Scale, IDemoObserver Observer, int Epochs = 150) : IRequest<DemoResult>;

/// <summary>What the demo produced.</summary>
internal sealed record DemoResult(GeneratedDataset Data, StoreLocation Store, IngestReport Ingestion, TrainingRunResult Training, IReadOnlyList<QueryResult> Queries);

/// <summary>Where the demo reports its stages (the console, or nothing in tests).</summary>
internal interface IDemoObserver
{
    IProgress<string> Generation { get; }

    IProgress<IngestProgress> Ingestion { get; }

    IProgress<TrainingProgress>? Training { get; }
}

internal sealed class RunDemoHandler(SyntheticDataGenerator generator, IGraphStoreFactory stores, DatasetIngestion ingestion, TrainingRun training)
    : IRequestHandler<RunDemo, DemoResult>
{
    public async Task<DemoResult> Handle(RunDemo request, CancellationToken cancellationToken)
    {
        var work = Path.GetFullPath(request.WorkDirectory);
        var data = await Task.Run(
            () => generator.Generate(Path.Combine(work, "data"), request.Scale, request.Seed, request.Observer.Generation), cancellationToken);
        var location = new StoreLocation(StoreKind.Sqlite, Path.Combine(work, "perturbkg.db"));
        await using var store = await stores.OpenAsync(location, cancellationToken);
        var report = await ingestion.RunAsync(store, data.Ingest with { Dataset = "demo" }, request.Observer.Ingestion, cancellationToken);
        var defaults = new TrainingRunOptions { OutputDirectory = Path.Combine(work, "runs", "demo") };
        var run = await training.RunAsync(store, defaults with
        {
            Seeds = 1,
            GatTraining = defaults.GatTraining with { MaxEpochs = request.Epochs },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = request.Epochs },
        }, request.Observer.Training, cancellationToken);
        var queries = new List<QueryResult>();
        if (run.WriteBack is not null)
        {
            await store.PromoteRunAsync(run.Summary.Name, cancellationToken);
            queries.AddRange(await ExampleQueriesAsync(store, run, cancellationToken));
        }

        return new DemoResult(data, location, report, run, queries);
    }

    // Two named queries on a held-out pair: its drug's top predicted genes, then the drugs that move its top gene most.
    private static async Task<IReadOnlyList<QueryResult>> ExampleQueriesAsync(IGraphStore store, TrainingRunResult run, CancellationToken ct)
    {
        var pair = run.Runs.First(r => r.Model == "gat").TestPairs.FirstOrDefault();
        if (pair?.Split('|') is not [var drug, var cell])
        {
            return [];
        }

        var top = await store.QueryAsync("top-genes", new Dictionary<string, string> { ["drug"] = drug, ["cell"] = cell, ["limit"] = "10" }, ct);
        if (top.Rows.Count == 0)
        {
            return [top];
        }

        var gene = (string)top.Rows[0][1]!;
        var direction = Convert.ToDouble(top.Rows[0][3], System.Globalization.CultureInfo.InvariantCulture) > 0 ? "up" : "down";
        var drugs = await store.QueryAsync("drugs-for-gene", new Dictionary<string, string> { ["gene"] = gene, ["cell"] = cell, ["direction"] = direction, ["limit"] = "10" }, ct);
        return [top, drugs];
    }
}

internal sealed class RunDemoValidator : AbstractValidator<RunDemo>
{
    public RunDemoValidator()
    {
        RuleFor(r => r.WorkDirectory).NotEmpty().WithName("--work");
        RuleFor(r => r.Scale).IsInEnum().WithName("--scale");
        RuleFor(r => r.Epochs).InclusiveBetween(1, 10_000).WithName("--epochs");
    }
}
