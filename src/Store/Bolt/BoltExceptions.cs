namespace PerturbKG.Store.Bolt;

/// <summary>The server answered a request with FAILURE: its Neo4j status code and message.</summary>
public class BoltException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;

    public string ServerMessage { get; } = message;

    /// <summary>Neo.TransientError.*: the same work may succeed if tried again (deadlocks, leader changes, ...).</summary>
    public bool IsTransient => Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal);
}

/// <summary>The server refused the credentials (Neo.ClientError.Security.*).</summary>
public sealed class BoltAuthenticationException(string code, string message) : BoltException(code, message);

/// <summary>The connection broke or the bytes made no sense; the connection cannot be used again.</summary>
public sealed class BoltProtocolException(string message, Exception? inner = null) : IOException(message, inner);
