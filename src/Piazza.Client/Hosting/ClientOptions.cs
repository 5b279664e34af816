namespace Piazza.Client.Hosting;

/// <summary>How the local app runs. The command line sets the first two; tests set the rest.</summary>
public sealed record ClientOptions
{
    public const string DefaultUrl = "http://127.0.0.1:0";

    /// <summary>Print the URL but open no window (--no-browser). The app then runs until Ctrl+C or Close.</summary>
    public bool NoBrowser { get; init; }

    /// <summary>Where the local UI listens (--urls); loopback only. Port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Folder of settings.json; null means PIAZZA_CONFIG_DIR or ApplicationData/piazza.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>
    /// When the app opened no watchable window, it ends once every page has been gone this long
    /// (a reload comes back well within it).
    /// </summary>
    public TimeSpan LastPageGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A page whose connection has been down this long leaves the chat (sends bye).</summary>
    public TimeSpan PageGoneGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a page closed without a goodbye keeps its state on the server; short, because
    /// the only way back is the same local page.
    /// </summary>
    public TimeSpan CircuitRetention { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How the chat connection retries after losing the server.</summary>
    public Piazza.Client.Core.ReconnectPolicy Reconnect { get; init; } = Piazza.Client.Core.ReconnectPolicy.Default;

    /// <summary>Write log lines to the console; hosts embedding the app (tests) may route them elsewhere.</summary>
    public bool LogToConsole { get; init; } = true;
}
