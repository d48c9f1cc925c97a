using FluentValidation;
using FluentValidation.Results;
using PerturbKG.Ingest;

namespace PerturbKG.Admin.Server;

/// <summary>
/// What the server may read and write for a caller: input files only under the configured data roots (after `..` and
/// symbolic links are resolved; the resolved path is what gets read, so a link cannot be swapped in between), and
/// stores only those configured at start, picked by name. The CLI is not confined: it reads what its user names.
/// </summary>
internal sealed class InputConfinement(ServerOptions server)
{
    public const string DefaultStore = "default";

    /// <summary>The input options with every path resolved inside a data root; a 400 (field "inputs") otherwise.</summary>
    public IngestOptions Confine(IngestOptions options)
    {
        var failures = new List<ValidationFailure>();
        var confined = options.MapPaths(path =>
        {
            if (Resolve(path) is { } resolved)
            {
                return resolved;
            }

            failures.Add(new ValidationFailure("inputs", server.DataRoots.Count == 0
                ? "This server reads no input files for requests: start it with --data-root DIR (repeatable) and name files under it."
                : $"{path}: not under a data root of this server ({string.Join(", ", server.DataRoots)})."));
            return path;
        });
        return failures.Count == 0 ? confined : throw new ValidationException(failures);
    }

    /// <summary>The store a request names ("default" or an extra store's name); never a location a caller supplies.</summary>
    public string Store(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name == DefaultStore)
        {
            return server.Store.ToString();
        }

        if (server.ExtraStores.TryGetValue(name, out var location))
        {
            return location.ToString();
        }

        var names = string.Join(", ", new[] { DefaultStore }.Concat(server.ExtraStores.Keys.Order(StringComparer.Ordinal)));
        throw new ValidationException([new ValidationFailure("store",
            $"Unknown store '{(name.Length > 60 ? name[..60] + "…" : name)}': requests name one of this server's stores ({names}), never a location.")]);
    }

    // The real path of an existing file under a root, or null. Roots are resolved when the server starts.
    private string? Resolve(string path)
    {
        string real;
        try
        {
            real = RealPath(Path.GetFullPath(path), 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        return server.DataRoots.Any(root => real.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            ? real
            : null;
    }

    /// <summary>Resolves every symbolic link along a full path, component by component (40 links at most, as the kernel allows).</summary>
    public static string RealPath(string fullPath, int depth)
    {
        if (depth > 40)
        {
            throw new IOException("Too many levels of symbolic links.");
        }

        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                next = RealPath(Path.GetFullPath(target, current), depth + 1);
            }

            current = next;
        }

        return current;
    }
}
