using System.Collections.Concurrent;

namespace PerturbKG.Store.Neo4j;

/// <summary>
/// The statements of <c>cypher/*.cypher</c>, built into the assembly and loaded by file name. No Cypher is written in
/// C#: every statement the Neo4j store runs is a file that CI parses with Neo4j's own parser.
/// </summary>
public static class CypherFiles
{
    private static readonly ConcurrentDictionary<string, string> Loaded = new(StringComparer.Ordinal);

    /// <summary>The text of <c>cypher/NAME.cypher</c>.</summary>
    public static string Get(string name) => Loaded.GetOrAdd(name, static n =>
    {
        using var stream = typeof(CypherFiles).Assembly.GetManifestResourceStream($"PerturbKG.Store.cypher.{n}.cypher")
            ?? throw new InvalidOperationException($"cypher/{n}.cypher is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The statements of a file that holds several (each ends with <c>;</c> at the end of a line).</summary>
    public static IReadOnlyList<string> Statements(string name) =>
        Get(name).Split('\n')
            .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Aggregate(new List<string> { string.Empty }, (statements, line) =>
            {
                statements[^1] += line + "\n";
                if (line.TrimEnd().EndsWith(';'))
                {
                    statements[^1] = statements[^1].TrimEnd().TrimEnd(';');
                    statements.Add(string.Empty);
                }

                return statements;
            })
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .ToList();

    /// <summary>The names of every built-in file.</summary>
    public static IReadOnlyList<string> Names() =>
        typeof(CypherFiles).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith("PerturbKG.Store.cypher.", StringComparison.Ordinal))
            .Select(r => r["PerturbKG.Store.cypher.".Length..^".cypher".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
}
