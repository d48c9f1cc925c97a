using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Admin.Training;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;

namespace PerturbKG.Admin.Jobs;

/// <summary>Queues a training run; one runs per store at a time, so the answer says which runs are ahead of it.</summary>
internal sealed record StartTraining(string Store, TrainingRunOptions Options) : IRequest<StartedTraining>;

/// <summary>The queued run, and the training runs on the same store that will run before it.</summary>
internal sealed record StartedTraining(JobRun Run, IReadOnlyList<JobRun> Ahead)
{
    public bool Waits => Ahead.Count > 0;
}

internal sealed class StartTrainingHandler(JobQueue queue, RunRegistry registry) : IRequestHandler<StartTraining, StartedTraining>
{
    public async Task<StartedTraining> Handle(StartTraining request, CancellationToken ct)
    {
        var store = StoreLocation.Parse(request.Store).ToString();
        var ahead = await registry.TrainingQueueAsync(store, ct);
        // The folder is chosen by the job (DataDirectory/runs/RUN-ID); the placeholder only satisfies the record.
        var run = await queue.SubmitAsync(RunKinds.Train, store, JsonSerializer.Serialize(request.Options with { OutputDirectory = "(run folder)" }, RunExecutor.Json), ct);
        return new StartedTraining(run, ahead);
    }
}

internal sealed class StartTrainingValidator : AbstractValidator<StartTraining>
{
    public StartTrainingValidator()
    {
        RuleFor(r => r.Store).MustBeStore(mustExist: true);
        RuleFor(r => r.Options).SetValidator(new TrainingOptionsValidator());
    }
}
