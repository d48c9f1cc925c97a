using MediatR;
using Microsoft.Extensions.Logging;

namespace PerturbKG.Admin.Pipeline;

/// <summary>Logs each request's start and its failure, if any.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).Name;
        logger.LogInformation("Handling {Request}", name);
        try
        {
            return await next();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("{Request} failed: {Error}", name, e.Message);
            throw;
        }
    }
}
