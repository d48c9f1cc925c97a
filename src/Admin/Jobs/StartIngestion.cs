using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Admin.Ingestion;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.Admin.Jobs;

/// <summary>Queues an ingestion in the background; the run records the options, the job gets only its id.</summary>
internal sealed record StartIngestion(string Store, IngestOptions Options) : IRequest<JobRun>;

internal sealed class StartIngestionHandler(JobQueue queue) : IRequestHandler<StartIngestion, JobRun>
{
    public Task<JobRun> Handle(StartIngestion request, CancellationToken ct) =>
        queue.SubmitAsync(RunKinds.Ingest, StoreLocation.Parse(request.Store).ToString(), JsonSerializer.Serialize(request.Options, RunExecutor.Json), ct);
}

internal sealed class StartIngestionValidator : AbstractValidator<StartIngestion>
{
    public StartIngestionValidator()
    {
        RuleFor(r => r.Store).MustBeStore(mustExist: false);
        RuleFor(r => r.Options).SetValidator(new IngestOptionsValidator());
    }
}
