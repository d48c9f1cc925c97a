using FluentValidation;
using MediatR;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Admin.Demo;

/// <summary>
/// The main job on the embedded store, with no input: generate small synthetic data, ingest it, then train the GAT
/// with its baselines and ablations on a scaffold split and report.
/// </summary>
public sealed record RunDemo(string WorkDirectory, ulong Seed, GeneratorScale Scale, IDemoObserver Observer, int Epochs = 150) : IRequest<DemoResult>;

/// <summary>What the demo produced.</summary>
public sealed record DemoResult(GeneratedDataset Data, StoreLocation Store, IngestReport Ingestion, TrainingRunResult Training);

/// <summary>Where the demo reports its stages (the console, or nothing in tests).</summary>
public interface IDemoObserver
{
    IProgress<string> Generation { get; }

    IProgress<IngestProgress> Ingestion { get; }

    IProgress<TrainingProgress>? Training { get; }
}

public sealed class RunDemoHandler(SyntheticDataGenerator generator, IGraphStoreFactory stores, DatasetIngestion ingestion, TrainingRun training)
    : IRequestHandler<RunDemo, DemoResult>
{
    public async Task<DemoResult> Handle(RunDemo request, CancellationToken cancellationToken)
    {
        var work = Path.GetFullPath(request.WorkDirectory);
        var data = await Task.Run(
            () => generator.Generate(Path.Combine(work, "data"), request.Scale, request.Seed, request.Observer.Generation), cancellationToken);
        var location = new StoreLocation(StoreKind.Sqlite, Path.Combine(work, "perturbkg.db"));
        await using var store = stores.Open(location);
        var report = await ingestion.RunAsync(store, data.Ingest with { Dataset = "demo" }, request.Observer.Ingestion, cancellationToken);
        var defaults = new TrainingRunOptions { OutputDirectory = Path.Combine(work, "runs", "demo") };
        var run = await training.RunAsync(store, defaults with
        {
            Seeds = 1,
            GatTraining = defaults.GatTraining with { MaxEpochs = request.Epochs },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = request.Epochs },
        }, request.Observer.Training, cancellationToken);
        return new DemoResult(data, location, report, run);
    }
}

public sealed class RunDemoValidator : AbstractValidator<RunDemo>
{
    public RunDemoValidator()
    {
        RuleFor(r => r.WorkDirectory).NotEmpty().WithName("--work");
        RuleFor(r => r.Scale).IsInEnum().WithName("--scale");
        RuleFor(r => r.Epochs).InclusiveBetween(1, 10_000).WithName("--epochs");
    }
}
