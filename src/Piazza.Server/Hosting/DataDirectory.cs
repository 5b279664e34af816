namespace Piazza.Server;

/// <summary>Where the server keeps its data when <c>--data-dir</c> is not given.</summary>
public static class DataDirectory
{
    /// <summary>The environment variable that names the data directory.</summary>
    public const string Variable = "PIAZZA_DATA_DIR";

    /// <summary><c>$PIAZZA_DATA_DIR</c>, else the platform's per-user data folder (<c>~/.local/share/piazza</c> on Linux).</summary>
    public static string Default()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "piazza");
    }
}
