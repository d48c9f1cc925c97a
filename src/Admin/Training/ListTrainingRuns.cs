using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using MediatR;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Training;
using PerturbKG.Store;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Training;

/// <summary>
/// Every training run the admin pages can see, however it was started: the registry's jobs (page, API, worker,
/// schedule), and the run folders of CLI <c>train</c> and <c>demo</c> — those the store's written predictions point
/// to, and those under the given folders. Each run once, newest first, with its write-back into the store.
/// </summary>
internal sealed record ListTrainingRuns(StoreLocation Store, IReadOnlyList<string> Folders, int Limit = 200) : IRequest<IReadOnlyList<TrainingRunEntry>>;

/// <summary>One training run by id: a registry run id, or a run folder's name (with a suffix when two folders share it).</summary>
internal sealed record GetTrainingRun(StoreLocation Store, IReadOnlyList<string> Folders, string Id) : IRequest<TrainingRunEntry>;

/// <summary>A training run: its registry job (when a job ran it), its folder (once it finished), its predictions in the store.</summary>
internal sealed record TrainingRunEntry(string Id, RunState State, JobRun? Job, RunFolder? Folder, PredictionRun? Written, int? Effects, int? Paths)
{
    public RunSummary? Summary => Folder?.Summary;

    public DateTimeOffset? At => Job?.CreatedAt ?? Folder?.CreatedAt;

    public string? Store => Job?.Store ?? Folder?.Store;

    public string Source => Job is null ? "run folder (CLI train or demo)" : $"job ({Job.Kind})";
}

internal sealed class ListTrainingRunsHandler(RunRegistry registry, IGraphStoreFactory stores)
    : IRequestHandler<ListTrainingRuns, IReadOnlyList<TrainingRunEntry>>, IRequestHandler<GetTrainingRun, TrainingRunEntry>
{
    public async Task<IReadOnlyList<TrainingRunEntry>> Handle(ListTrainingRuns request, CancellationToken ct) =>
        [.. (await AllAsync(request.Store, request.Folders, request.Limit, ct)).Take(request.Limit)];

    public async Task<TrainingRunEntry> Handle(GetTrainingRun request, CancellationToken ct)
    {
        // A job's run needs no folder scan: the registry knows it by id.
        if (await registry.GetAsync(request.Id, ct) is { Kind: RunKinds.Train } job)
        {
            return Entry(job, ByDirectory(await WrittenAsync(request.Store, ct)));
        }

        var all = await AllAsync(request.Store, request.Folders, 1000, ct);
        return all.FirstOrDefault(r => r.Id == request.Id)
            ?? throw new NotFoundException("training run", request.Id, CloseMatches.Among(request.Id, all.Select(r => r.Id)), "the registry and the run folders");
    }

    private async Task<List<TrainingRunEntry>> AllAsync(StoreLocation location, IReadOnlyList<string> folders, int limit, CancellationToken ct)
    {
        var written = await WrittenAsync(location, ct);
        var byDirectory = ByDirectory(written);
        var jobs = await registry.ListAsync(limit, RunKinds.Train, ct);
        var entries = jobs.Select(job => Entry(job, byDirectory)).ToList();

        // Folders the store's predictions point to, then the usual places; the jobs' own folders are not read again.
        var known = jobs.Where(j => j.OutputDirectory is not null).Select(j => Path.GetFullPath(j.OutputDirectory!)).ToHashSet(StringComparer.Ordinal);
        foreach (var group in RunFolder.Find([.. written.Select(w => w.Directory), .. folders], known).GroupBy(f => f.Summary.Name))
        {
            foreach (var folder in group)
            {
                var id = group.Count() == 1 ? folder.Summary.Name : $"{folder.Summary.Name}~{Short(folder.Directory)}";
                entries.Add(new TrainingRunEntry(id, RunState.Succeeded, null, folder, byDirectory.GetValueOrDefault(folder.Directory), folder.WriteBack?.Effects, folder.WriteBack?.Paths));
            }
        }

        return [.. entries.OrderByDescending(e => e.At)];
    }

    // A job's run: its summary and write-back counts are in the job's result, so its folder is not read.
    private static TrainingRunEntry Entry(JobRun job, IReadOnlyDictionary<string, PredictionRun> byDirectory)
    {
        var outcome = job is { State: RunState.Succeeded, Result: { } json } ? JsonSerializer.Deserialize<TrainingRunOutcome>(json, RunExecutor.Json) : null;
        var folder = outcome is not null && job.OutputDirectory is { } output ? new RunFolder(output, outcome.Summary, job.FinishedAt, job.Store, null) : null;
        var stored = job.OutputDirectory is { } dir ? byDirectory.GetValueOrDefault(Path.GetFullPath(dir)) : null;
        return new TrainingRunEntry(job.Id, job.State, job, folder, stored, outcome?.Effects, outcome?.Paths);
    }

    private async Task<IReadOnlyList<PredictionRun>> WrittenAsync(StoreLocation location, CancellationToken ct)
    {
        try
        {
            await using var store = await stores.OpenAsync(location, ct);
            return await store.ListRunsAsync(ct);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException or PerturbKG.Store.Bolt.BoltException)
        {
            return []; // the pages still list the registry's runs when the store cannot be read
        }
    }

    // The store's written runs by their folder (a folder written twice keeps its first, the newest).
    private static Dictionary<string, PredictionRun> ByDirectory(IReadOnlyList<PredictionRun> written) =>
        written.GroupBy(w => Path.GetFullPath(w.Directory)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    // A stable tag for a folder, to tell apart runs that share a name.
    private static string Short(string directory) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..6];
}

internal sealed class ListTrainingRunsValidator : AbstractValidator<ListTrainingRuns>
{
    public ListTrainingRunsValidator() => RuleFor(r => r.Limit).InclusiveBetween(1, 1000).OverridePropertyName("limit");
}

internal sealed class GetTrainingRunValidator : AbstractValidator<GetTrainingRun>
{
    public GetTrainingRunValidator() => RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
}
