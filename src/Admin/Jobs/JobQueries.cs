using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Jobs;

/// <summary>The newest background runs, optionally of one kind.</summary>
internal sealed record ListJobRuns(string? Kind = null, int Limit = 50) : IRequest<IReadOnlyList<JobRun>>;

/// <summary>One background run.</summary>
internal sealed record GetJobRun(string Id) : IRequest<JobRun>;

/// <summary>The re-ingestion schedules with their next fire times.</summary>
internal sealed record ListSchedules : IRequest<IReadOnlyList<ScheduleStatus>>;

internal sealed class ListJobRunsHandler(RunRegistry registry) : IRequestHandler<ListJobRuns, IReadOnlyList<JobRun>>
{
    public Task<IReadOnlyList<JobRun>> Handle(ListJobRuns request, CancellationToken ct) => registry.ListAsync(request.Limit, request.Kind, ct);
}

internal sealed class GetJobRunHandler(RunRegistry registry) : IRequestHandler<GetJobRun, JobRun>
{
    public async Task<JobRun> Handle(GetJobRun request, CancellationToken ct) =>
        await registry.GetAsync(request.Id, ct) ?? throw new NotFoundException("run", request.Id, [], "the job registry");
}

internal sealed class ListSchedulesHandler(JobQueue queue) : IRequestHandler<ListSchedules, IReadOnlyList<ScheduleStatus>>
{
    public Task<IReadOnlyList<ScheduleStatus>> Handle(ListSchedules request, CancellationToken ct) => queue.ListSchedulesAsync(ct);
}

internal sealed class ListJobRunsValidator : AbstractValidator<ListJobRuns>
{
    public ListJobRunsValidator()
    {
        RuleFor(r => r.Kind).Must(k => k is null || RunKinds.All.Contains(k)).OverridePropertyName("kind")
            .WithMessage(r => $"kind must be one of {string.Join(", ", RunKinds.All)}, not '{r.Kind}'.");
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000).OverridePropertyName("limit");
    }
}

internal sealed class GetJobRunValidator : AbstractValidator<GetJobRun>
{
    public GetJobRunValidator() => RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
}

internal sealed class ListSchedulesValidator : AbstractValidator<ListSchedules>;
