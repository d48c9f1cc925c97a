using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Store;

namespace PerturbKG.Admin.Export;

/// <summary>Writes a run's predictions and the observed profiles as an AnnData .h5ad (<see cref="H5adExport"/>).</summary>
internal sealed record ExportH5ad(StoreLocation Store, string Run, string Output) : IRequest<H5adExportResult>;

internal sealed class ExportH5adHandler(IGraphStoreFactory stores) : IRequestHandler<ExportH5ad, H5adExportResult>
{
    public async Task<H5adExportResult> Handle(ExportH5ad request, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(request.Store, cancellationToken);
        var directory = await TrainedRun.DirectoryOfAsync(store, request.Run, cancellationToken);
        return await H5adExport.RunAsync(store, directory, request.Output, cancellationToken);
    }
}

internal sealed class ExportH5adValidator : AbstractValidator<ExportH5ad>
{
    public ExportH5adValidator()
    {
        RuleFor(r => r.Run).NotEmpty().WithName("--run");
        RuleFor(r => r.Output).NotEmpty().WithName("--out")
            .Must(o => o.EndsWith(".h5ad", StringComparison.OrdinalIgnoreCase)).WithMessage("--out: name the file FILE.h5ad.");
    }
}
