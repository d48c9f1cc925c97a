using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Predictions;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Jobs;

/// <summary>
/// Queues writing a trained run's predictions and explanation paths back into the store. The run must be one the store
/// knows (a request never names a folder), so an unknown run is a 404 now rather than a failed job later.
/// </summary>
internal sealed record StartWriteBack(string Store, string Run, WriteBackOptions Options) : IRequest<JobRun>;

internal sealed class StartWriteBackHandler(JobQueue queue, IGraphStoreFactory stores) : IRequestHandler<StartWriteBack, JobRun>
{
    public async Task<JobRun> Handle(StartWriteBack request, CancellationToken ct)
    {
        var location = StoreLocation.Parse(request.Store);
        await using (var store = await stores.OpenAsync(location, ct))
        {
            var runs = await store.ListRunsAsync(ct);
            if (runs.All(r => r.Id != request.Run))
            {
                throw new NotFoundException("run", request.Run, CloseMatches.Among(request.Run, runs.Select(r => r.Id)), location.ToString());
            }
        }

        return await queue.SubmitAsync(RunKinds.WriteBack, location.ToString(),
            JsonSerializer.Serialize(new WriteBackParameters(request.Run, request.Options), RunExecutor.Json), ct);
    }
}

internal sealed class StartWriteBackValidator : AbstractValidator<StartWriteBack>
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
