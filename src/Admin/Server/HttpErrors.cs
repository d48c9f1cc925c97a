using System.Text.Json;
using System.Text.RegularExpressions;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The one place requests fail that no use case handled: a body or query that cannot be read (malformed JSON, a value
/// of the wrong type, no body, a form field over the size limit) is a 400/413 with a message per field; anything else
/// is a 500 with one line for the caller, and the exception with its stack in the log. Use cases' own failures are
/// mapped by <see cref="Dispatch"/>.
/// </summary>
internal static partial class HttpErrors
{
    public static async Task Handle(HttpContext context, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (field, message) = Describe(e);
            await WriteAsync(context, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? e.StatusCode : StatusCodes.Status400BadRequest, field, message);
        }
        catch (Exception e) when (!context.Response.HasStarted && context.Request.HasFormContentType &&
            (e is InvalidDataException || e.InnerException is InvalidDataException))
        {
            // Reading the form (for its antiforgery token or its fields): a value or the form over its limit (4 MB a value).
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "form", $"The form is too large: {(e.InnerException ?? e).Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the caller went away
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PerturbKG.Admin.Server")
                .LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path.Value);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, null, $"Internal error ({e.GetType().Name}); the server log has the details.");
        }
    }

    private static (string Field, string Message) Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "";
            if (path.Length == 0 || Converted().Match(json.Message) is not { Success: true } type)
            {
                return ("body", $"The body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).");
            }

            return (path, $"{path} must be {Expected(type.Groups[1].Value)}.");
        }

        if (Parameter().Match(e.Message) is { Success: true } parameter)
        {
            var value = parameter.Groups[3].Value;
            return (parameter.Groups[2].Value, $"'{(value.Length > 40 ? value[..40] + "…" : value)}' is not {Expected(parameter.Groups[1].Value)}.");
        }

        if (e.Message.Contains("no body was provided", StringComparison.Ordinal) || e.Message.Contains("Required parameter", StringComparison.Ordinal))
        {
            return ("body", "A JSON body is required.");
        }

        return ("request", e.Message.Length > 0 && e.StatusCode != StatusCodes.Status413PayloadTooLarge ? e.Message : e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.");
    }

    private static string Expected(string type)
    {
        var t = type.ToLowerInvariant();
        return t.Contains("list", StringComparison.Ordinal) || t.Contains("[]", StringComparison.Ordinal) ? "a list"
            : t.Contains("int", StringComparison.Ordinal) ? "a whole number"
            : t.Contains("double", StringComparison.Ordinal) || t.Contains("single", StringComparison.Ordinal) || t.Contains("float", StringComparison.Ordinal) ? "a number"
            : t.Contains("bool", StringComparison.Ordinal) ? "true or false"
            : t.Contains("string", StringComparison.Ordinal) ? "text"
            : "a value of the right kind";
    }

    private static Task WriteAsync(HttpContext context, int status, string? field, string message)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api") || !context.Request.HasFormContentType)
        {
            return field is null
                ? context.Response.WriteAsJsonAsync(new { error = message })
                : context.Response.WriteAsJsonAsync(new { title = "The request is not valid.", status, errors = new Dictionary<string, string[]> { [field] = [message] } });
        }

        return Pages.Layout.Write(context, "Not done", $"<p class=\"error\">{Pages.Html.E(message)}</p>", signedIn: false);
    }

    [GeneratedRegex(@"could not be converted to ([^.\s]+(?:\.[^.\s]+)*)")]
    private static partial Regex Converted();

    [GeneratedRegex("Failed to bind parameter \"([^\"]+) ([^\" ]+)\" from \"([^\"]*)\"")]
    private static partial Regex Parameter();
}
