using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace PerturbKG.Jobs.Scheduling;

/// <summary>
/// Hangfire's log provider. Hangfire logs through one process-wide provider, and each server configured sets it to
/// its own logger factory; a process that hosts servers one after another (the tests do) would hand a stopped
/// server's disposed factory to the others, whose Hangfire clients then fail to construct. A disposed factory logs
/// nothing instead.
/// </summary>
internal sealed class OutlivingLogProvider(Microsoft.Extensions.Logging.ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
