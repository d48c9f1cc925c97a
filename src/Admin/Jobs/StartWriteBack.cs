using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;

namespace PerturbKG.Admin.Jobs;

/// <summary>Queues writing a trained run's predictions and explanation paths back into the store.</summary>
public sealed record StartWriteBack(string Store, string Run, WriteBackOptions Options) : IRequest<JobRun>;

public sealed class StartWriteBackHandler(JobQueue queue) : IRequestHandler<StartWriteBack, JobRun>
{
    public Task<JobRun> Handle(StartWriteBack request, CancellationToken ct) =>
        queue.SubmitAsync(RunKinds.WriteBack, StoreLocation.Parse(request.Store).ToString(),
            JsonSerializer.Serialize(new WriteBackParameters(request.Run, request.Options), RunExecutor.Json), ct);
}

public sealed class StartWriteBackValidator : AbstractValidator<StartWriteBack>
{
    public StartWriteBackValidator()
    {
        RuleFor(r => r.Store).MustBeStore(mustExist: true);
        RuleFor(r => r.Run).NotEmpty().OverridePropertyName("run");
        RuleFor(r => r.Options.TopGenes).InclusiveBetween(1, 978).OverridePropertyName("topGenes");
        RuleFor(r => r.Options.PathsPerEffect).InclusiveBetween(0, 50).OverridePropertyName("paths");
        RuleFor(r => r.Options.FaithfulnessEffects).InclusiveBetween(0, 1000).OverridePropertyName("faithfulness");
    }
}
