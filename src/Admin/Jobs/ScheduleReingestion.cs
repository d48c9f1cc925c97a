using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Admin.Ingestion;
using PerturbKG.Ingest;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.Admin.Jobs;

/// <summary>Re-ingests a dataset on a cron schedule (UTC; 5 fields, or 6 with seconds first, e.g. <c>0 3 * * SUN</c>).</summary>
internal sealed record ScheduleReingestion(string Name, string Cron, string Store, IngestOptions Options) : IRequest<Schedule>;

internal sealed class ScheduleReingestionHandler(JobQueue queue) : IRequestHandler<ScheduleReingestion, Schedule>
{
    public Task<Schedule> Handle(ScheduleReingestion request, CancellationToken ct) =>
        queue.AddScheduleAsync(request.Name, request.Cron, StoreLocation.Parse(request.Store).ToString(),
            JsonSerializer.Serialize(request.Options, RunExecutor.Json), ct);
}

internal sealed class ScheduleReingestionValidator : AbstractValidator<ScheduleReingestion>
{
    public ScheduleReingestionValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).OverridePropertyName("name");
        RuleFor(r => r.Cron)
            .Must(CronCheck.IsValid)
            .OverridePropertyName("cron")
            .WithMessage(r => $"'{r.Cron}' is not a cron expression: minute hour day-of-month month day-of-week (UTC), optionally with seconds first, e.g. '0 3 * * SUN'.");
        RuleFor(r => r.Store).MustBeStore(mustExist: false);
        RuleFor(r => r.Options).SetValidator(new IngestOptionsValidator());
    }
}
