using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Jobs;

/// <summary>Runs a failed or cancelled run again, as a new run with the same parameters (a person's decision, never automatic for training).</summary>
internal sealed record RetryRun(string Id) : IRequest<JobRun>;

internal sealed class RetryRunHandler(JobQueue queue, RunRegistry registry) : IRequestHandler<RetryRun, JobRun>
{
    public async Task<JobRun> Handle(RetryRun request, CancellationToken ct)
    {
        var run = await registry.GetAsync(request.Id, ct) ?? throw new NotFoundException("run", request.Id, [], "the job registry");
        if (run.State is not (RunState.Failed or RunState.Cancelled))
        {
            throw new ConflictException($"Run {run.Id} is {run.State.ToString().ToLowerInvariant()}; only failed or cancelled runs can be retried.");
        }

        return await queue.RetryAsync(run, ct);
    }
}

internal sealed class RetryRunValidator : AbstractValidator<RetryRun>
{
    public RetryRunValidator() => RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
}
