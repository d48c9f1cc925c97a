using System.Text.RegularExpressions;
using FluentValidation;
using MediatR;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Server;

/// <summary>
/// Sends an HTTP request's use case through MediatR and maps failures to status codes: invalid input 400 with
/// field messages, unknown ids 404, a state that forbids the action (cancel a finished run, predict with a run whose
/// checkpoint cannot be loaded) 409.
/// </summary>
public static partial class Dispatch
{
    public static async Task<IResult> Api<T>(HttpContext context, IRequest<T> request, Func<T, IResult>? ok = null)
    {
        var mediator = context.RequestServices.GetRequiredService<IMediator>();
        try
        {
            var response = await mediator.Send(request, context.RequestAborted);
            return ok?.Invoke(response) ?? Results.Ok(response);
        }
        catch (ValidationException e)
        {
            return Results.ValidationProblem(Fields(e), title: "The request is not valid.");
        }
        catch (NotFoundException e)
        {
            return Results.NotFound(new { error = e.Message });
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or NotSupportedException)
        {
            // Includes a run whose checkpoint no longer fits, or was written before the model moved to TorchSharp.
            return Results.Conflict(new { error = e.Message });
        }
    }

    /// <summary>As above, for a request whose building may already refuse the input (a store or a file a caller may not name).</summary>
    public static Task<IResult> Api<T>(HttpContext context, Func<IRequest<T>> build, Func<T, IResult>? ok = null)
    {
        IRequest<T> request;
        try
        {
            request = build();
        }
        catch (ValidationException e)
        {
            return Task.FromResult(Results.ValidationProblem(Fields(e), title: "The request is not valid."));
        }

        return Api(context, request, ok);
    }

    /// <summary>Validation failures by form/API field name ("Options.models[1]" → "models").</summary>
    public static Dictionary<string, string[]> Fields(ValidationException e) =>
        e.Errors.GroupBy(f => Field(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

    public static ValidationException Invalid(string field, string message) =>
        new([new FluentValidation.Results.ValidationFailure(field, message)]);

    private static string Field(string propertyName)
    {
        var name = Index().Replace(propertyName, "");
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();
}
