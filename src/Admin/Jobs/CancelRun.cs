using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Jobs;

/// <summary>Cancels a queued run at once, or a running one at its next batch; a finished run cannot be cancelled.</summary>
internal sealed record CancelRun(string Id) : IRequest<JobRun>;

internal sealed class CancelRunHandler(JobQueue queue, RunRegistry registry) : IRequestHandler<CancelRun, JobRun>
{
    public async Task<JobRun> Handle(CancelRun request, CancellationToken ct)
    {
        var run = await registry.GetAsync(request.Id, ct) ?? throw new NotFoundException("run", request.Id, [], "the job registry");
        if (run.IsFinished)
        {
            throw new ConflictException($"Run {run.Id} has already {run.State.ToString().ToLowerInvariant()}; there is nothing to cancel.");
        }

        return await queue.CancelAsync(run.Id, ct) ?? run;
    }
}

internal sealed class CancelRunValidator : AbstractValidator<CancelRun>
{
    public CancelRunValidator() => RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
}
