namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// A real IRC client program running in a tmux session with a home folder of its own (so no
/// user configuration is read or written), connected through a <see cref="RecordingProxy"/>.
/// Typed to with send-keys, read from its screen; the proxy's record says what it sent.
/// </summary>
internal abstract class TerminalIrcClient : IAsyncDisposable
{
    /// <summary>How long to wait for something to appear: a hang guard, never a measurement.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    protected TerminalIrcClient(Tmux tmux, string nick, string home, RecordingProxy proxy)
    {
        Tmux = tmux;
        Nick = nick;
        Home = home;
        Proxy = proxy;
    }

    /// <summary>The program's name, for messages and log files.</summary>
    public abstract string Program { get; }

    public string Nick { get; }

    public RecordingProxy Proxy { get; }

    protected Tmux Tmux { get; }

    protected string Home { get; }

    protected string Session => Program;

    /// <summary>The command line that starts the program connected to 127.0.0.1 at <paramref name="port"/>.</summary>
    protected abstract string CommandLine(int port);

    /// <summary>Starts the program and waits until the server has welcomed it (001).</summary>
    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["TERM"] = "tmux-256color",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["TZ"] = "UTC",
        };
        await Tmux.StartAsync(Session, CommandLine(Proxy.Port), environment);
        await AnsweredAsync(l => Numeric(l) == "001", "the welcome (001)");
    }

    /// <summary>Types a line into the program, as a user would.</summary>
    public Task TypeAsync(string line) => Tmux.TypeLineAsync(Session, line);

    /// <summary>Joins <paramref name="channel"/> and waits until the screen says so.</summary>
    public async Task JoinAsync(string channel)
    {
        await TypeAsync("/join " + channel);
        await ScreenLineAsync(l => l.Contains(Nick, StringComparison.Ordinal) && l.Contains("has joined " + channel, StringComparison.Ordinal),
            $"{Nick} has joined {channel}");
    }

    /// <summary>Waits until a line of the screen shows <paramref name="text"/> said by <paramref name="from"/>.</summary>
    public Task<string> SeesMessageAsync(string from, string text) =>
        ScreenLineAsync(l => l.Contains(text, StringComparison.Ordinal) && l.Contains(from, StringComparison.Ordinal), $"<{from}> {text}");

    /// <summary>Waits until the screen shows <paramref name="nick"/> joining <paramref name="channel"/>.</summary>
    public Task<string> SeesJoinAsync(string nick, string channel) =>
        ScreenLineAsync(l => l.Contains(nick, StringComparison.Ordinal) && l.Contains("has joined " + channel, StringComparison.Ordinal), $"{nick} has joined {channel}");

    /// <summary>Waits until the screen shows <paramref name="nick"/> quitting or leaving.</summary>
    public Task<string> SeesLeaveAsync(string nick) =>
        ScreenLineAsync(l => l.Contains(nick, StringComparison.Ordinal) && (l.Contains("has quit", StringComparison.Ordinal) || l.Contains("has left", StringComparison.Ordinal)),
            $"{nick} has quit (or left)");

    /// <summary>Types /quit and waits for the program to end.</summary>
    public async Task QuitAsync(string message)
    {
        await TypeAsync("/quit " + message);
        var deadline = DateTime.UtcNow + Patience;
        while (await Tmux.HasSessionAsync(Session))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Program} was still running {Patience.TotalSeconds:0} s after /quit. Its screen:\n{await Tmux.CaptureAsync(Session)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The current screen and scrollback.</summary>
    public Task<string> ScreenAsync() => Tmux.CaptureAsync(Session);

    /// <summary>Waits for a screen line that matches; fails with the screen when it never comes.</summary>
    public async Task<string> ScreenLineAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var screen = await Tmux.CaptureAsync(Session);
            if (screen.Split('\n').FirstOrDefault(match) is { } line)
            {
                return line.Trim();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Program} ({Nick}) never showed {what} within {Patience.TotalSeconds:0} s. Its screen:\n{screen}\nIts IRC lines:\n{string.Join('\n', Proxy.Lines.TakeLast(60))}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits for a line from the server to this client that matches.</summary>
    public async Task<string> AnsweredAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (Proxy.Answered.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (DateTime.UtcNow > deadline)
            {
                var screen = await Tmux.HasSessionAsync(Session) ? await Tmux.CaptureAsync(Session) : "(the program has ended)";
                throw new TimeoutException($"{Program} ({Nick}) was never sent {what} within {Patience.TotalSeconds:0} s. Its screen:\n{screen}\nIts IRC lines:\n{string.Join('\n', Proxy.Lines.TakeLast(60))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The numeric or command of a server line (<c>:server 001 nick :...</c> gives <c>001</c>), skipping tags.</summary>
    public static string Numeric(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        if (i < words.Length && words[i].StartsWith('@'))
        {
            i++;
        }

        if (i < words.Length && words[i].StartsWith(':'))
        {
            i++;
        }

        return i < words.Length ? words[i] : "";
    }

    /// <summary>The command of a client line (<c>JOIN #c</c> gives <c>JOIN</c>), skipping tags.</summary>
    public static string Command(string line) => Numeric(line).ToUpperInvariant();

    public ValueTask DisposeAsync() => Proxy.DisposeAsync();
}
