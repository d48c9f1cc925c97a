using Microsoft.Extensions.Logging;

namespace PerturbKG.Jobs.Runs;

/// <summary>Copies log messages written while a run executes (on its async flow) into that run's log tail.</summary>
public sealed class RunLogProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RunLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class RunLogger(string category) : ILogger
    {
        private readonly string _source = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && RunReporter.Current is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && RunReporter.Current is { } reporter)
            {
                var level = logLevel >= LogLevel.Warning ? $"{logLevel.ToString().ToUpperInvariant()} " : "";
                reporter.Log($"{level}[{_source}] {formatter(state, exception)}");
            }
        }
    }
}
