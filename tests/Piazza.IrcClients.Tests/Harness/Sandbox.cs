namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// One test's world: a temporary folder (removed at the end), a private tmux server, and irssi
/// and WeeChat each with a home folder inside it, connected through recording proxies. At the
/// end each client's IRC lines are saved to TestResults/irc-clients/.
/// </summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("piazza-irc-clients-").FullName;
    private readonly string _label;
    private readonly List<TerminalIrcClient> _clients = [];

    public Sandbox(string label)
    {
        _label = label;
        Tmux = new Tmux(_folder);
    }

    public Tmux Tmux { get; }

    /// <summary>Where the IRC lines of each client are saved.</summary>
    public static string LogFolder => Path.Combine(RepositoryPaths.TestResults, "irc-clients");

    public Irssi Irssi(string nick, int serverPort) => Add(new Irssi(Tmux, nick, Home("irssi"), new RecordingProxy(serverPort)));

    public WeeChat WeeChat(string nick, int serverPort) => Add(new WeeChat(Tmux, nick, Home("weechat"), new RecordingProxy(serverPort)));

    /// <summary>Saves every client's lines; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> SaveLogsAsync()
    {
        var written = new List<string>();
        foreach (var client in _clients)
        {
            var path = Path.Combine(LogFolder, $"{_label}-{client.Program}.log");
            await client.Proxy.SaveAsync(path);
            written.Add(path);
        }

        return written;
    }

    public async ValueTask DisposeAsync()
    {
        await SaveLogsAsync();
        await Tmux.DisposeAsync();
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A program still writing its configuration: the system's temp cleaning gets it.
        }
    }

    private T Add<T>(T client)
        where T : TerminalIrcClient
    {
        _clients.Add(client);
        return client;
    }

    private string Home(string program) => Directory.CreateDirectory(Path.Combine(_folder, program)).FullName;
}
