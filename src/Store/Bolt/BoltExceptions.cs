namespace PerturbKG.Store.Bolt;

/// <summary>The server answered a request with FAILURE: its Neo4j status code (and GQL status from Bolt 5.7) and message.</summary>
public class BoltException(string code, string message, string? request = null, string? gqlStatus = null)
    : Exception(request is null ? $"{code}: {message}" : $"{code}: {message} (in reply to {request})")
{
    public string Code { get; } = code;

    public string ServerMessage { get; } = message;

    /// <summary>The request that failed (RUN, BEGIN, COMMIT, ...).</summary>
    public string? Request { get; } = request;

    /// <summary>The GQLSTATUS code servers send from Bolt 5.7 (e.g. 42001), when given.</summary>
    public string? GqlStatus { get; } = gqlStatus;

    /// <summary>Neo.TransientError.*: the same work may succeed if tried again (deadlocks, leader changes, ...).</summary>
    public bool IsTransient => Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal);

    /// <summary>The server cannot take writes (a follower, or a read replica): the routing table is out of date.</summary>
    public bool IsNotWriter => Code is "Neo.ClientError.Cluster.NotALeader" or "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase";
}

/// <summary>The server refused the credentials (Neo.ClientError.Security.*).</summary>
public sealed class BoltAuthenticationException(string code, string message) : BoltException(code, message);

/// <summary>
/// The connection was lost after COMMIT was sent and before its reply: the transaction may or may not have been
/// committed, so it is not tried again.
/// </summary>
public sealed class BoltCommitUncertainException(Exception inner)
    : BoltException("PerturbKG.Bolt.CommitUncertain", $"The connection was lost after COMMIT was sent; the transaction may have been committed ({inner.Message}).")
{
    public Exception Cause { get; } = inner;
}

/// <summary>A parameter value that PackStream cannot encode; nothing was sent and the connection stays usable.</summary>
public sealed class BoltParameterException(string message, Exception inner) : ArgumentException(message, inner);

/// <summary>The connection broke or the bytes made no sense; the connection cannot be used again.</summary>
public sealed class BoltProtocolException(string message, Exception? inner = null) : IOException(message, inner);
