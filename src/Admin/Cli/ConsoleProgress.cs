using PerturbKG.Ingest.Reporting;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>Shows progress as Spectre progress bars: one per ingestion stage, generation step or model run.</summary>
internal sealed class ConsoleProgress(ProgressContext context) : IProgress<IngestProgress>, IProgress<string>, IProgress<PerturbKG.Jobs.Training.TrainingProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly TrainingProgressView _training = new(context);
    private ProgressTask? _step;

    public void Report(PerturbKG.Jobs.Training.TrainingProgress value) => _training.Report(value);

    public void Report(IngestProgress value)
    {
        if (!_tasks.TryGetValue(value.Stage, out var task))
        {
            _step?.StopTask();
            _tasks[value.Stage] = task = context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total));
        }

        task.MaxValue = Math.Max(1, value.Total);
        task.Value = Math.Min(value.Done, task.MaxValue);
    }

    public void Report(string value)
    {
        _step?.Value(1);
        _step?.StopTask();
        _step = context.AddTask(Markup.Escape(value), maxValue: 1);
    }

    /// <summary>Runs work with live progress bars (or silently when the console is not interactive).</summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, bool show, Func<ConsoleProgress?, Task<T>> work)
    {
        if (!show)
        {
            return await work(null);
        }

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var progress = new ConsoleProgress(context);
                var result = await work(progress);
                progress.Finish();
                return result;
            });
    }

    private void Finish()
    {
        foreach (var task in _tasks.Values.Append(_step).OfType<ProgressTask>())
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
