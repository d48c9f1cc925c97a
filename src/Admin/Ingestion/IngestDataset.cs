using FluentValidation;
using MediatR;
using PerturbKG.Ingest;
using PerturbKG.Ingest.Reporting;
using PerturbKG.Store;

namespace PerturbKG.Admin.Ingestion;

/// <summary>Loads one dataset into a store, in the foreground.</summary>
internal sealed record IngestDataset(StoreLocation Store, IngestOptions Options, IProgress<IngestProgress>? Progress = null)
    : IRequest<IngestReport>;

internal sealed class IngestDatasetHandler(IGraphStoreFactory stores, DatasetIngestion ingestion)
    : IRequestHandler<IngestDataset, IngestReport>
{
    public async Task<IngestReport> Handle(IngestDataset request, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(request.Store, cancellationToken);
        return await ingestion.RunAsync(store, request.Options, request.Progress, cancellationToken);
    }
}

internal sealed class IngestDatasetValidator : AbstractValidator<IngestDataset>
{
    public IngestDatasetValidator() => RuleFor(r => r.Options).SetValidator(new IngestOptionsValidator());
}
