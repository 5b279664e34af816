using System.Diagnostics;

namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// A private tmux server (its own socket in a temporary folder, no configuration file): each
/// terminal program runs in a session of its own, is typed to with send-keys and read with
/// capture-pane. Disposing kills the tmux server and everything still running in it.
/// </summary>
internal sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket;

    public Tmux(string folder)
    {
        _socket = Path.Combine(folder, "tmux.sock");
    }

    /// <summary>Starts <paramref name="command"/> (run by /bin/sh) in a new detached session of 200x50.</summary>
    public Task StartAsync(string session, string command, IReadOnlyDictionary<string, string> environment) =>
        RunAsync(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "200", "-y", "50",
            .. environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" }), command]);

    /// <summary>Types <paramref name="text"/> literally, then presses Enter.</summary>
    public async Task TypeLineAsync(string session, string text)
    {
        await RunAsync(["send-keys", "-t", session, "-l", text]);
        await RunAsync(["send-keys", "-t", session, "Enter"]);
    }

    /// <summary>The screen and its scrollback, as text.</summary>
    public Task<string> CaptureAsync(string session) => RunAsync(["capture-pane", "-p", "-J", "-t", session, "-S", "-2000"]);

    /// <summary>True while the session (and so the program in it) is running.</summary>
    public async Task<bool> HasSessionAsync(string session)
    {
        var (code, _, _) = await ExecAsync(["has-session", "-t", session]);
        return code == 0;
    }

    public async ValueTask DisposeAsync()
    {
        await ExecAsync(["kill-server"]);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var (code, stdout, stderr) = await ExecAsync(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} exited {code}: {stderr.Trim()}");
        }

        return stdout;
    }

    private async Task<(int Code, string Stdout, string Stderr)> ExecAsync(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(Programs.Tmux ?? "tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-S");
        info.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("tmux did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
