using System.Globalization;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Gat;
using PerturbKG.Model.Training;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The retrain form's and the training API's fields. Unset fields take the CLI's defaults; the validator then checks
/// ranges, so the page and the API give the same messages under the same field names.
/// </summary>
internal sealed record RetrainInput
{
    public string? Store { get; init; }
    public string? Split { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    public IReadOnlyList<string>? Ablations { get; init; }
    public int? Seeds { get; init; }
    public int? Epochs { get; init; }
    public int? Hidden { get; init; }
    public int? Heads { get; init; }
    public int? Layers { get; init; }
    public float? Dropout { get; init; }
    public float? Lr { get; init; }
    public int? Hops { get; init; }
    public int? MaxNeighbours { get; init; }
    public bool? WriteBack { get; init; }

    public TrainingRunOptions ToOptions()
    {
        var defaults = new TrainingRunOptions { OutputDirectory = "(run folder)" };
        var gat = new GatOptions();
        var epochs = Epochs ?? defaults.GatTraining.MaxEpochs;
        return defaults with
        {
            Split = Split ?? defaults.Split,
            Models = Models ?? defaults.Models,
            Ablations = Ablations ?? defaults.Ablations,
            Seeds = Seeds ?? defaults.Seeds,
            Gat = gat with
            {
                Hidden = Hidden ?? gat.Hidden,
                Heads = Heads ?? gat.Heads,
                Layers = Layers ?? gat.Layers,
                Dropout = Dropout ?? gat.Dropout,
            },
            GatTraining = defaults.GatTraining with { MaxEpochs = epochs, LearningRate = Lr ?? defaults.GatTraining.LearningRate },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = epochs },
            Data = new TrainingDataOptions { Hops = Hops ?? 2, MaxNeighbours = MaxNeighbours },
            WriteBack = WriteBack == false ? null : defaults.WriteBack,
        };
    }

    /// <summary>Reads the form; a number that does not parse is reported under its field.</summary>
    public static RetrainInput FromForm(IFormCollection form, Dictionary<string, string[]> errors)
    {
        return new RetrainInput
        {
            Store = Text(form, "store"),
            Split = Text(form, "split"),
            Models = form["models"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList(),
            Ablations = form["ablations"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList(),
            Seeds = Int(form, "seeds", errors),
            Epochs = Int(form, "epochs", errors),
            Hidden = Int(form, "hidden", errors),
            Heads = Int(form, "heads", errors),
            Layers = Int(form, "layers", errors),
            Dropout = Float(form, "dropout", errors),
            Lr = Float(form, "lr", errors),
            Hops = Int(form, "hops", errors),
            MaxNeighbours = Int(form, "maxNeighbours", errors),
            WriteBack = form["writeBack"].Count > 0,
        };
    }

    private static string? Text(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

    private static int? Int(IFormCollection form, string name, Dictionary<string, string[]> errors)
    {
        if (Text(form, name) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number, not '{text}'."];
        return null;
    }

    private static float? Float(IFormCollection form, string name, Dictionary<string, string[]> errors)
    {
        if (Text(form, name) is not { } text)
        {
            return null;
        }

        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = [$"{name} must be a number, not '{text}'."];
        return null;
    }
}
