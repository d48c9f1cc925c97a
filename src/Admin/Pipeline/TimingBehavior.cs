using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace PerturbKG.Admin.Pipeline;

/// <summary>Logs how long each request took.</summary>
internal sealed class TimingBehavior<TRequest, TResponse>(ILogger<TimingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await next();
        }
        finally
        {
            logger.LogInformation("{Request} took {Milliseconds} ms", typeof(TRequest).Name, clock.ElapsedMilliseconds);
        }
    }
}
