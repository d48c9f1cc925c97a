using FluentValidation;
using PerturbKG.Admin.Server;
using PerturbKG.Ingest.Text;
using PerturbKG.Store.Predictions;

namespace PerturbKG.IntegrationTests.Admin;

/// <summary>The one table from the project's failures to HTTP status and exit code; what it does not know is a bug.</summary>
public sealed class ErrorTableTests
{
    public static TheoryData<Exception, int, int> Known => new()
    {
        { new ValidationException("bad"), 400, 2 },
        { new NotFoundException("run", "x", []), 404, 1 },
        { new ConflictException("finished"), 409, 1 },
        { new InvalidInputException("f.csv", 3, "bad"), 422, 1 },
        { new IOException("cannot open"), 503, 1 },
        { new InvalidOperationException("a domain state or a bug"), 500, 1 },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void Of_MapsTheProjectsFailures(Exception failure, int status, int exitCode)
    {
        var mapping = ErrorTable.Of(failure);

        Assert.NotNull(mapping);
        Assert.Equal((status, exitCode), (mapping.Status, mapping.ExitCode));
    }

    [Fact]
    public void Of_IsNull_ForABug()
    {
        // Issue 16: framework exceptions are bugs (500 / exit 1 with one line), never a 400 or a 409 by accident.
        Assert.Null(ErrorTable.Of(new NullReferenceException()));
        Assert.Null(ErrorTable.Of(new KeyNotFoundException()));
    }
}
