using System.Diagnostics;
using System.Globalization;
using PerturbKG.Jobs.Training;

namespace PerturbKG.Admin.Cli;

/// <summary>
/// Training progress as plain lines, for output that is not a terminal (CI, nohup, a job log): one line when a model
/// run starts and ends, and at most one every <paramref name="interval"/> in between.
/// </summary>
internal sealed class PlainTrainingProgress(TextWriter output, TimeSpan interval) : IProgress<TrainingProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _stage;
    private TimeSpan _last = TimeSpan.MinValue;

    public void Report(TrainingProgress value)
    {
        var changed = value.Stage != _stage;
        var finished = value.Epoch >= value.MaxEpochs;
        if (!changed && !finished && _clock.Elapsed - _last < interval)
        {
            return;
        }

        (_stage, _last) = (value.Stage, _clock.Elapsed);
        var losses = string.Concat(
            value.TrainingLoss is { } t && double.IsFinite(t) ? string.Create(CultureInfo.InvariantCulture, $", training loss {t:F4}") : string.Empty,
            value.ValidationLoss is { } v && double.IsFinite(v) ? string.Create(CultureInfo.InvariantCulture, $", validation loss {v:F4}") : string.Empty);
        var step = finished ? "done" : value.Epoch == 0 ? "started" : $"epoch {value.Epoch}/{value.MaxEpochs}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:F0} s] {value.Stage}: {step}{losses}"));
        output.Flush();
    }
}
