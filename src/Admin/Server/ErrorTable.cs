using FluentValidation;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Bolt;
using PerturbKG.Store.Predictions;

namespace PerturbKG.Admin.Server;

/// <summary>
/// The one table from the project's own failures to an HTTP status and a CLI exit code. What it does not list is a
/// bug: HTTP 500 with one line (the log has the stack), exit 1 with one line (the stack with --verbose).
/// </summary>
internal static class ErrorTable
{
    /// <summary>How a failure is answered; <c>ShowMessage</c>: its text is meant for the user.</summary>
    public sealed record Mapping(int Status, int ExitCode, bool ShowMessage = true);

    private static readonly (Type Type, Mapping Mapping)[] Rows =
    [
        (typeof(ValidationException), new(StatusCodes.Status400BadRequest, 2)),
        (typeof(ArgumentException), new(StatusCodes.Status400BadRequest, 2)),      // options that do not parse
        (typeof(FormatException), new(StatusCodes.Status400BadRequest, 2)),        // a store location, a number
        (typeof(NotFoundException), new(StatusCodes.Status404NotFound, 1)),
        (typeof(ConflictException), new(StatusCodes.Status409Conflict, 1)),
        (typeof(InvalidInputException), new(StatusCodes.Status422UnprocessableEntity, 1)), // an input file that cannot be used
        (typeof(InvalidDataException), new(StatusCodes.Status409Conflict, 1)),     // a run's checkpoint that no longer fits
        (typeof(NotSupportedException), new(StatusCodes.Status409Conflict, 1)),    // a checkpoint from before TorchSharp
        (typeof(BoltException), new(StatusCodes.Status502BadGateway, 1)),          // the Neo4j server said no
        (typeof(IOException), new(StatusCodes.Status503ServiceUnavailable, 1)),    // a store or file that cannot be opened
        (typeof(UnauthorizedAccessException), new(StatusCodes.Status503ServiceUnavailable, 1)),
        (typeof(DllNotFoundException), new(StatusCodes.Status503ServiceUnavailable, 1)), // TorchSharp's native library missing
        // Our own code uses InvalidOperationException for domain states too ("the store holds no signatures"): the CLI
        // shows those lines; over HTTP anything not a ConflictException is a 500.
        (typeof(InvalidOperationException), new(StatusCodes.Status500InternalServerError, 1)),
    ];

    /// <summary>The mapping of the first row whose type the failure is (most specific rows come first), or null: a bug.</summary>
    public static Mapping? Of(Exception e) => Rows.FirstOrDefault(r => r.Type.IsInstanceOfType(e)).Mapping;
}
