namespace Piazza.Testing;

/// <summary>Where things are in the repository, found from the test's own location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds Piazza.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>TestResults/ at the repository root, for artifacts such as screenshots.</summary>
    public static string TestResults => Directory.CreateDirectory(Path.Combine(Root, "TestResults")).FullName;

    /// <summary>The build output of a project under src/ or tools/, in the same configuration as the tests.</summary>
    public static string BuildOutput(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        foreach (var parent in new[] { "src", "tools" })
        {
            var folder = Path.Combine(Root, parent, project, "bin", configuration, "net10.0");
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }

        throw new DirectoryNotFoundException($"No {configuration} build of {project} under src/ or tools/; build the solution first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piazza.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Piazza.slnx not found above " + AppContext.BaseDirectory);
    }
}
