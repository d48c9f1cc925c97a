using System.CommandLine;
using PerturbKG.Jobs.Runs;
using PerturbKG.Jobs.Scheduling;

namespace PerturbKG.Admin.Cli;

/// <summary>The options <c>serve</c> and <c>worker</c> share: the job database, the run folders, the host name and the worker count.</summary>
internal sealed record JobsArguments(Option<string> Database, Option<string> Data, Option<string?> HostId, Option<int> Workers)
{
    public static JobsArguments Create(int defaultWorkers) => new(
        new Option<string>("--jobs")
        {
            Description = "The run registry and Hangfire's job storage: sqlite:PATH (embedded; Hangfire's file goes beside it) or " +
                "postgres:Host=...;Username=...;Database=... (server mode: serve and workers on many machines share it). " +
                "Default: $PERTURBKG_JOBS_DB or sqlite:perturbkg-data/jobs.db.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PERTURBKG_JOBS_DB") ?? "sqlite:perturbkg-data/jobs.db",
        },
        new Option<string>("--data") { Description = "Where run folders go (DATA/runs/RUN-ID); shared by all processes of one deployment.", DefaultValueFactory = _ => "perturbkg-data" },
        new Option<string?>("--host-id")
        {
            Description = "This process's name in the registry (default: the machine name). Keep it stable across restarts; give each process on one machine its own.",
        },
        new Option<int>("--workers") { Description = "Hangfire workers in this process: runs it executes at once.", DefaultValueFactory = _ => defaultWorkers });

    public JobsOptions Parse(ParseResult parse)
    {
        var workers = parse.GetValue(Workers);
        if (workers is < 0 or > 64)
        {
            throw new ArgumentException($"--workers must be between 0 and 64, not {workers}.");
        }

        return new JobsOptions
        {
            Database = JobDatabase.Parse(parse.GetValue(Database)!),
            DataDirectory = Path.GetFullPath(parse.GetValue(Data)!),
            HostId = parse.GetValue(HostId) ?? Environment.MachineName,
            Workers = Math.Max(1, workers),
            RunsServer = workers > 0,
        };
    }
}
