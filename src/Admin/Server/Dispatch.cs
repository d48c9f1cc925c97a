using System.Text.RegularExpressions;
using FluentValidation;
using MediatR;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Server;

/// <summary>
/// Sends an HTTP request's use case through MediatR and answers its failures as <see cref="ErrorTable"/> says:
/// invalid input 400 with field messages, unknown ids 404, a state that forbids the action 409, an unusable input
/// file 422, a store or Neo4j that cannot be reached 503/502; bugs go on to <see cref="HttpErrors"/>.
/// </summary>
internal static partial class Dispatch
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
        catch (Exception e) when (ErrorTable.Of(e) is { Status: not StatusCodes.Status500InternalServerError } mapping)
        {
            if (mapping.Status >= StatusCodes.Status500InternalServerError)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PerturbKG.Admin.Server")
                    .LogWarning(e, "{Method} {Path}: {Status}", context.Request.Method, context.Request.Path.Value, mapping.Status);
            }

            // Anything the table calls a bug goes on to HttpErrors: a one-line 500, the stack in the log.
            return Results.Json(new { error = e.Message }, statusCode: mapping.Status);
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

    /// <summary>
    /// A page's answer, or in its place the failure's message with the status the error table gives it (bugs go on to
    /// <see cref="HttpErrors"/>).
    /// </summary>
    public static async Task<string> PageAsync(HttpContext context, Func<Task<string>> answer, string errorId)
    {
        try
        {
            return await answer();
        }
        catch (Exception e) when (ErrorTable.Of(e) is { Status: not StatusCodes.Status500InternalServerError } mapping)
        {
            context.Response.StatusCode = mapping.Status;
            return $"<p class=\"error\" id=\"{errorId}\">{System.Net.WebUtility.HtmlEncode(Message(e))}</p>";
        }
    }

    /// <summary>What a person is told about a failure: the field messages of invalid input, else the failure's own line.</summary>
    public static string Message(Exception e) => e is ValidationException v ? string.Join(" ", v.Errors.Select(f => f.ErrorMessage)) : e.Message;

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
