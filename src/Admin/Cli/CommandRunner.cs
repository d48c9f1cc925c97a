using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using PerturbKG.Ingest.Text;
using Spectre.Console;

namespace PerturbKG.Admin.Cli;

/// <summary>Sends a command's request through MediatR and turns failures into messages and exit codes (<see cref="Server.ErrorTable"/>).</summary>
internal sealed class CommandRunner(IServiceProvider services, IAnsiConsole console, bool verbose)
{
    public IAnsiConsole Console => console;

    public async Task<int> RunAsync<TResponse>(IRequest<TResponse> request, Func<TResponse, int> onSuccess, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        try
        {
            var response = await mediator.Send(request, ct);
            return onSuccess(response);
        }
        catch (ValidationException e)
        {
            foreach (var error in e.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.ErrorMessage}");
            }

            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is not OperationCanceledException && Server.ErrorTable.Of(e) is { } mapping)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            if (e is InvalidInputException)
            {
                console.MarkupLine("[grey]Nothing was stored: the store is as it was before this run.[/]");
            }

            if (verbose)
            {
                console.WriteException(e);
            }

            return mapping.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // Anything else is a bug: one line here, the stack with --verbose.
            console.MarkupLineInterpolated($"[red]internal error[/] ({e.GetType().Name}): {e.Message}");
            if (verbose)
            {
                console.WriteException(e);
            }
            else
            {
                console.MarkupLine("[grey]Run again with --verbose for the details.[/]");
            }

            return ExitCodes.Failure;
        }
    }
}
