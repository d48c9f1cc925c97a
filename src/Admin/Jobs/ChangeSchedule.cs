using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Jobs;

/// <summary>Pauses, resumes, fires now, or deletes a re-ingestion schedule.</summary>
internal sealed record ChangeSchedule(string Id, string Action) : IRequest<IReadOnlyList<ScheduleStatus>>
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(["pause", "resume", "trigger", "delete"]);
}

internal sealed class ChangeScheduleHandler(JobQueue queue, RunRegistry registry) : IRequestHandler<ChangeSchedule, IReadOnlyList<ScheduleStatus>>
{
    public async Task<IReadOnlyList<ScheduleStatus>> Handle(ChangeSchedule request, CancellationToken ct)
    {
        _ = await registry.GetScheduleAsync(request.Id, ct) ?? throw new NotFoundException("schedule", request.Id, [], "the job registry");
        var change = request.Action switch
        {
            "pause" => queue.PauseScheduleAsync(request.Id, ct),
            "resume" => queue.ResumeScheduleAsync(request.Id, ct),
            "trigger" => queue.TriggerScheduleAsync(request.Id, ct),
            _ => queue.DeleteScheduleAsync(request.Id, ct),
        };
        await change;
        return await queue.ListSchedulesAsync(ct);
    }
}

internal sealed class ChangeScheduleValidator : AbstractValidator<ChangeSchedule>
{
    public ChangeScheduleValidator()
    {
        RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
        RuleFor(r => r.Action).Must(ChangeSchedule.Actions.Contains).OverridePropertyName("action")
            .WithMessage(r => $"action must be pause, resume, trigger or delete, not '{r.Action}'.");
    }
}
