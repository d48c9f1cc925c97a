using FluentValidation;
using MediatR;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Ingest.Synthetic;
using PerturbKG.Store;

namespace PerturbKG.Admin.Demo;

/// <summary>The main job on the embedded store, with no input: generate small synthetic data, then ingest it.</summary>
public sealed record RunDemo(string WorkDirectory, ulong Seed, GeneratorScale Scale, IDemoObserver Observer) : IRequest<DemoResult>;

/// <summary>What the demo produced.</summary>
public sealed record DemoResult(GeneratedDataset Data, StoreLocation Store, IngestReport Ingestion);

/// <summary>Where the demo reports its stages (the console, or nothing in tests).</summary>
public interface IDemoObserver
{
    IProgress<string> Generation { get; }

    IProgress<IngestProgress> Ingestion { get; }
}

public sealed class RunDemoHandler(SyntheticDataGenerator generator, IGraphStoreFactory stores, DatasetIngestion ingestion)
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
        return new DemoResult(data, location, report);
    }
}

public sealed class RunDemoValidator : AbstractValidator<RunDemo>
{
    public RunDemoValidator()
    {
        RuleFor(r => r.WorkDirectory).NotEmpty().WithName("--work");
        RuleFor(r => r.Scale).IsInEnum().WithName("--scale");
    }
}
