using FluentValidation;
using MediatR;
using PerturbKG.Admin.Jobs;
using PerturbKG.Admin.Server;
using PerturbKG.Jobs.Training;
using static PerturbKG.Admin.Pages.Html;

namespace PerturbKG.Admin.Pages;

/// <summary>The retrain form: split, models, ablations, seeds and the key hyperparameters, with messages beside the fields.</summary>
internal static class RetrainPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/retrain", (HttpContext c, AdminToken token, ServerOptions server) =>
            Layout.Write(c, "Retrain", Form(new RetrainInput { Store = InputConfinement.DefaultStore }, NoErrors), token.SignedIn(c.Request)));
        app.MapPost("/retrain", Submit);
    }

    private static async Task Submit(HttpContext context, IMediator mediator, AdminToken token, ServerOptions server)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var errors = new Dictionary<string, string[]>();
        var input = RetrainInput.FromForm(form, errors);
        try
        {
            if (errors.Count > 0)
            {
                throw new ValidationException(errors.SelectMany(e => e.Value.Select(m => new FluentValidation.Results.ValidationFailure(e.Key, m))));
            }

            var confine = context.RequestServices.GetRequiredService<InputConfinement>();
            var started = await mediator.Send(new StartTraining(confine.Store(input.Store), input.ToOptions()), context.RequestAborted);
            context.Response.Redirect($"{AdminServer.Dashboard}/runs/{started.Run.Id}");
        }
        catch (ValidationException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Layout.Write(context, "Retrain", "<p class=\"error\" id=\"form-error\">The run was not started: please correct the marked fields.</p>" + Form(input, Dispatch.Fields(e)),
                token.SignedIn(context.Request));
        }
    }

    private static string Form(RetrainInput input, IReadOnlyDictionary<string, string[]> errors)
    {
        var options = input.ToOptions();
        var splits = string.Concat(TrainingRunOptions.KnownSplits.Order().Select(s =>
            $"<option value=\"{s}\"{(s == (input.Split ?? options.Split) ? " selected" : "")}>{s}</option>"));
        var models = new TrainingRunOptions { OutputDirectory = "runs" }.Models;
        var writeBack = $"<label for=\"writeBack\">Write back</label><input id=\"writeBack\" name=\"writeBack\" type=\"checkbox\" value=\"1\"{(options.WriteBack is null ? "" : " checked")}>";
        return $"""
            <p>Trains the GAT and the chosen baselines on the same split and seeds, writes metrics and a report, and writes the
            first seed's GAT predictions back into the store. Only one training run per store runs at a time; a second one waits.</p>
            <form method="post" action="/retrain" class="stack" id="retrain">
            {Group("Data",
                Field("store", "Store", input.Store, errors, hint: "a store this server offers by name: default, or one given with --extra-store"),
                Field("hops", "Hops", E(options.Data.Hops), errors, "number", "neighbourhood extracted around drugs, cells and genes"),
                Field("maxNeighbours", "Max neighbours", E(options.Data.MaxNeighbours), errors, "number", "empty: keep every edge"))}
            {Group("Split",
                Row($"<label for=\"split\">Split</label><select id=\"split\" name=\"split\"{Invalid("split", errors)}>{splits}</select>", "split",
                    "scaffold: Bemis–Murcko scaffolds never span folds; cell: unseen cell lines", errors),
                Field("seeds", "Seeds", E(options.Seeds), errors, "number", "each seed draws its own split and initialisation"))}
            {Group("Models",
                Choices("models", "Models", models, options.Models.ToHashSet(), errors, "every model sees the same split and seeds"),
                Choices("ablations", "Ablations", ["shuffle-edges", "random-features"], options.Ablations.ToHashSet(), errors, "the GAT again on a shuffled graph or random features"))}
            {Group("Hyperparameters",
                Field("epochs", "Epochs", E(options.GatTraining.MaxEpochs), errors, "number", "maximum; early stopping on the validation loss"),
                Field("hidden", "Hidden width", E(options.Gat.Hidden), errors, "number"),
                Field("heads", "Attention heads", E(options.Gat.Heads), errors, "number"),
                Field("layers", "Layers", E(options.Gat.Layers), errors, "number"),
                Field("dropout", "Dropout", E(options.Gat.Dropout), errors),
                Field("lr", "Learning rate", E(options.GatTraining.LearningRate), errors))}
            {Group("Output", Row(writeBack, "writeBack", "predicted effects and explanation paths into the store", errors))}
            {Html.Submit("Start training", "start-training")}
            </form>
            """;
    }
}
