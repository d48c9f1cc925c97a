using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PerturbKG.Admin.Training;
using PerturbKG.Jobs.Training;
using PerturbKG.Model.Gat;
using PerturbKG.Store;
using PerturbKG.Store.Signatures;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary><c>perturbkg train --store ... --split ... --models ... --ablations ... --seeds N --out runs/NAME</c></summary>
internal static class TrainCommand
{
    private static readonly TrainingRunOptions Defaults = new() { OutputDirectory = "runs" };

    private static readonly Option<string> Store = new("--store") { Description = "The store to train on: sqlite:PATH or bolt://HOST:7687.", Required = true };
    private static readonly Option<string> Split = new("--split") { Description = "random (pairs), scaffold (Bemis–Murcko scaffolds never span folds) or cell (unseen cell lines).", DefaultValueFactory = _ => "scaffold" };
    private static readonly Option<string> Models = new("--models") { Description = "Comma-separated: gat, mlp, mlp-nodrug, ridge, knn, kg-ridge, gat-prior (the GAT's prior alone), mean-cell, mean.", DefaultValueFactory = _ => string.Join(",", Defaults.Models) };
    private static readonly Option<string> AblationList = new("--ablations") { Description = "Comma-separated: shuffle-edges, random-features; or none.", DefaultValueFactory = _ => "shuffle-edges,random-features" };
    private static readonly Option<int> Seeds = new("--seeds") { Description = "How many seeds (splits and initialisations).", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> Output = new("--out") { Description = "Run folder (default runs/<date-time>)." };
    private static readonly Option<int?> Epochs = new("--epochs") { Description = $"Maximum epochs of the GAT and the MLPs (early stopping on the validation loss; default: GAT {Defaults.GatTraining.MaxEpochs}, MLPs {Defaults.MlpTraining.MaxEpochs})." };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "GAT hidden width.", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Heads = new("--heads") { Description = "GAT attention heads.", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Layers = new("--layers") { Description = "GAT layers.", DefaultValueFactory = _ => 3 };
    private static readonly Option<float> Dropout = new("--dropout") { Description = "GAT dropout.", DefaultValueFactory = _ => 0.3f };
    private static readonly Option<float> LearningRate = new("--lr") { Description = "GAT learning rate.", DefaultValueFactory = _ => Defaults.GatTraining.LearningRate };
    private static readonly Option<bool> NoPrior = new("--no-prior") { Description = "Train the GAT from the cell mean instead of from its closed-form prior (ridge on the drug's random-walk readout, ECFP4 and cell features)." };
    private static readonly Option<string?> FeaturelessTypes = new("--featureless-types") { Description = "Comma-separated node types whose features the GAT does not read (e.g. Drug): they start from one learned vector per type, so their states come from the graph alone." };
    private static readonly Option<float> HuberDelta = new("--huber-delta") { Description = "GAT loss: Huber on the standardised residual with this threshold (in gene standard deviations); 0 for the mean squared error of the delta.", DefaultValueFactory = _ => Defaults.GatTraining.HuberDelta };
    private static readonly Option<int> Patience = new("--patience") { Description = "GAT early stopping: epochs without a better validation loss before training stops.", DefaultValueFactory = _ => Defaults.GatTraining.Patience };
    private static readonly Option<string[]> Signatures = new("--signatures") { Description = "Train on these signature datasets only (repeatable).", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string[]> TestSignatures = new("--test-signatures") { Description = "Make these signature datasets the test fold (repeatable); the rest is split into training and validation, less every pair sharing a drug or scaffold with them.", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string?> ExcludeRelations = new("--exclude-relations") { Description = $"Comma-separated relations to leave out of the graph, besides the defaults ({string.Join(", ", RelationExclusions.Defaults)}: computed from the signatures being predicted)." };
    private static readonly Option<string?> IncludeRelations = new("--include-relations") { Description = "Comma-separated default exclusions to keep in the graph after all." };
    private static readonly Option<SignatureKind?> Kind = new("--kind") { Description = "Train on signatures of this kind only: level5, delta or table." };
    private static readonly Option<int> Hops = new("--hops") { Description = "Neighbourhood extracted around drugs, cells and landmark genes.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int?> MaxNeighbours = new("--max-neighbours") { Description = "Keep at most this many edges per node (sampled; for PrimeKG-scale graphs)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the summary as JSON." };
    internal static readonly Option<string> Device = new("--device") { Description = "Where the GAT and MLPs run: auto (CUDA when TorchSharp's CUDA backend and a GPU are present, else the CPU), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("train", "Train the GAT and its baselines (and ablations) on a store's signatures, compare them on a split, and write a run folder with checkpoints, metrics.json and report.html.")
        {
            Store, Split, Models, AblationList, Seeds, Output, Epochs, Hidden, Heads, Layers, Dropout, LearningRate, NoPrior, FeaturelessTypes, HuberDelta, Patience, Signatures, TestSignatures, Kind, Hops, MaxNeighbours, ExcludeRelations, IncludeRelations, Device, Json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (StoreArgument.Parse(parse, Store, console) is not { } location)
            {
                return ExitCodes.BadUsage;
            }

            var json = parse.GetValue(Json);
            var runner = CliApp.Runner(parse, console);
            return await RunAsync(console, runner, new TrainModels(location, Options(parse)), json, ct);
        });
        return command;
    }

    /// <summary>Runs a training request with live progress, then prints the comparison.</summary>
    public static Task<int> RunAsync(IAnsiConsole console, CommandRunner runner, TrainModels request, bool json, CancellationToken ct) =>
        WithProgress(console, json, progress =>
            runner.RunAsync(request with { Progress = progress }, result =>
            {
                if (json)
                {
                    console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result.Summary, RunArtifacts.Json));
                }
                else
                {
                    RunSummaryView.Render(console, result);
                }

                return ExitCodes.Ok;
            }, ct));

    // Progress bars on a terminal; plain lines (every 10 s at most) when output goes to a file or pipe; nothing with --json.
    private static async Task<int> WithProgress(IAnsiConsole console, bool json, Func<IProgress<TrainingProgress>?, Task<int>> work)
    {
        if (json)
        {
            return await work(null);
        }

        if (!console.Profile.Capabilities.Interactive)
        {
            return await work(new PlainTrainingProgress(console.Profile.Out.Writer, TimeSpan.FromSeconds(10)));
        }

        return await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new TrainingProgressView(context)));
    }

    private static TrainingRunOptions Options(System.CommandLine.ParseResult parse)
    {
        var epochs = parse.GetValue(Epochs);
        var defaults = new TrainingRunOptions { OutputDirectory = "runs" };
        return defaults with
        {
            OutputDirectory = parse.GetValue(Output) ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
            Split = parse.GetValue(Split)!,
            Models = List(parse.GetValue(Models)),
            Ablations = parse.GetValue(AblationList) is "none" ? [] : List(parse.GetValue(AblationList)),
            Seeds = parse.GetValue(Seeds),
            Device = parse.GetValue(Device)!,
            Gat = new GatOptions
            {
                Hidden = parse.GetValue(Hidden),
                Heads = parse.GetValue(Heads),
                Layers = parse.GetValue(Layers),
                Dropout = parse.GetValue(Dropout),
                Prior = !parse.GetValue(NoPrior),
                FeaturelessTypes = new HashSet<string>(Names(parse.GetValue(FeaturelessTypes)) ?? [], StringComparer.Ordinal),
            },
            GatTraining = defaults.GatTraining with { MaxEpochs = epochs ?? defaults.GatTraining.MaxEpochs, LearningRate = parse.GetValue(LearningRate), HuberDelta = parse.GetValue(HuberDelta), Patience = parse.GetValue(Patience) },
            MlpTraining = defaults.MlpTraining with { MaxEpochs = epochs ?? defaults.MlpTraining.MaxEpochs },
            Data = new TrainingDataOptions
            {
                Datasets = parse.GetValue(Signatures),
                TestDatasets = parse.GetValue(TestSignatures),
                ExcludeRelations = Names(parse.GetValue(ExcludeRelations)),
                IncludeRelations = Names(parse.GetValue(IncludeRelations)),
                Kind = parse.GetValue(Kind),
                Hops = parse.GetValue(Hops),
                MaxNeighbours = parse.GetValue(MaxNeighbours),
            },
        };
    }

    private static List<string>? Names(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<string> List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant()).ToList();
}
