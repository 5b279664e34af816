namespace Piazza.IrcClients.Tests.Harness;

/// <summary>The Debian programs these tests drive, found on PATH (or where Debian installs them).</summary>
internal static class Programs
{
    public static string? Tmux { get; } = Find("tmux");

    public static string? Irssi { get; } = Find("irssi");

    public static string? WeeChat { get; } = Find("weechat");

    public static string? Ngircd { get; } = Find("ngircd");

    /// <summary>Why the clients cannot run here, or null when tmux, irssi and WeeChat are all installed.</summary>
    public static string? ClientsMissing =>
        Missing(("tmux", Tmux), ("irssi", Irssi), ("weechat", WeeChat)) is { } missing
            ? $"{missing} not installed (apt-get install -y irssi weechat-curses tmux; scripts/test.sh installs them)."
            : null;

    /// <summary>Why the reference server cannot run here, or null.</summary>
    public static string? NgircdMissing =>
        Ngircd is null ? "ngircd is not installed (apt-get install -y ngircd; scripts/test.sh installs it)." : null;

    private static string? Missing(params (string Name, string? Path)[] programs)
    {
        var missing = programs.Where(p => p.Path is null).Select(p => p.Name).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    private static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var folders = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"]);
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }
}
