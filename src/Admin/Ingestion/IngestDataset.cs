using FluentValidation;
using MediatR;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;

namespace PerturbKG.Admin.Ingestion;

/// <summary>Loads one dataset into a store, in the foreground.</summary>
public sealed record IngestDataset(StoreLocation Store, IngestOptions Options, IProgress<IngestProgress>? Progress = null)
    : IRequest<IngestReport>;

public sealed class IngestDatasetHandler(IGraphStoreFactory stores, DatasetIngestion ingestion)
    : IRequestHandler<IngestDataset, IngestReport>
{
    public async Task<IngestReport> Handle(IngestDataset request, CancellationToken cancellationToken)
    {
        await using var store = stores.Open(request.Store);
        return await ingestion.RunAsync(store, request.Options, request.Progress, cancellationToken);
    }
}

public sealed class IngestDatasetValidator : AbstractValidator<IngestDataset>
{
    public IngestDatasetValidator()
    {
        RuleFor(r => r.Options.Dataset)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
            .WithMessage("--dataset must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(r => r.Options)
            .Must(o => o.Files().Any())
            .WithName("inputs")
            .WithMessage("Nothing to ingest: give at least one input file (--primekg, --edges, --gct, --signature-table, ...).");
        RuleForEach(r => r.Options.Files())
            .Must(f => File.Exists(f.Path))
            .WithName("inputs")
            .WithMessage((_, f) => $"--{f.Role.Split(':')[0]} file not found: {f.Path}");
        RuleFor(r => r.Options)
            .Must(o => o.EdgeLists.Count == 0 || o.NodeTables.Count > 0)
            .WithName("--edges")
            .WithMessage("--edges needs the node table it refers to (--nodes).");
        RuleFor(r => r.Options.PairColumn)
            .NotEmpty()
            .When(r => r.Options.PairColumn is not null)
            .WithName("--pair-column");
    }
}
