namespace PerturbKG.Tests;

/// <summary>
/// The real public files in ../shared/data (never copied into the repository). Tests that need them skip with a
/// reason when they are absent, except in CI (CI=true), where their absence is a failure.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The path of a file under ../shared/data, or a skip/failure when the folder is missing.</summary>
    public static string Path(string relative)
    {
        var root = Root.Value;
        if (root is null)
        {
            var reason = "../shared/data is not available (set PERTURBKG_SHARED_DATA to its path)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason + "; CI must have it.");
            }

            Assert.Skip(reason);
        }

        var path = System.IO.Path.Combine(root!, relative);
        Assert.True(File.Exists(path), $"missing shared data file {path}");
        return path;
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("PERTURBKG_SHARED_DATA") is { Length: > 0 } configured && Directory.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PerturbKG.sln")))
            {
                var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
