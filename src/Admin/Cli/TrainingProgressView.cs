using PerturbKG.Jobs.Training;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>One progress bar per model run (epochs, with the best validation loss so far).</summary>
internal sealed class TrainingProgressView(ProgressContext context) : IProgress<TrainingProgress>
{
    private readonly Dictionary<string, (ProgressTask Task, double Best)> _tasks = [];

    public void Report(TrainingProgress value)
    {
        if (!_tasks.TryGetValue(value.Stage, out var entry))
        {
            entry = (context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.MaxEpochs)), double.PositiveInfinity);
        }

        var best = value.ValidationLoss is { } loss && loss < entry.Best ? loss : entry.Best;
        entry.Task.Description = double.IsFinite(best) ? $"{Markup.Escape(value.Stage)} [grey](val {best:F3})[/]" : Markup.Escape(value.Stage);
        entry.Task.Value = Math.Min(value.Epoch, entry.Task.MaxValue);
        if (value.Epoch >= value.MaxEpochs)
        {
            entry.Task.Value = entry.Task.MaxValue;
            entry.Task.StopTask();
        }

        _tasks[value.Stage] = (entry.Task, best);
    }
}
