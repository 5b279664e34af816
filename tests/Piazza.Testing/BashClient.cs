using System.Diagnostics;

namespace Piazza.Testing;

/// <summary>
/// A client in a child process (bash and its /dev/tcp), so a test can SIGKILL or SIGSTOP a real
/// process holding a real socket. It joins, prints what happens on its stdout, and then either
/// holds the connection in silence (with or without half a frame written) or answers pings like a
/// live client. It has no child processes, so the signal reaches the one process that holds the
/// socket.
/// </summary>
public sealed class BashClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private BashClient(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Joins as <paramref name="user"/> and holds the connection without a word, waiting on stdin.</summary>
    public static BashClient Idle(int port, string user) => Start(port, user, "IFS= read -r _");

    /// <summary>Joins as <paramref name="user"/>, writes the first half of a say frame, then waits on stdin.</summary>
    public static BashClient HalfFrameWriter(int port, string user) => Start(port, user, """
        printf '%s' '{"type":"say","text":"this frame never gets its se' >&3
        echo written
        IFS= read -r _
        """);

    /// <summary>Joins as <paramref name="user"/> and answers every ping with a pong, printing "pong" each time.</summary>
    public static BashClient PingAnswerer(int port, string user) => Start(port, user, """
        while IFS= read -r line <&3; do
          case "$line" in
            *'"type":"ping"'*) printf '{"type":"pong"}\n' >&3; echo pong ;;
          esac
        done
        echo closed
        """);

    public Task WaitForLineAsync(string line, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Lines.Contains(line), timeout, $"the child client to print '{line}' (printed: {string.Join(" | ", Lines)})");

    public int Count(string line) => Lines.Count(l => l == line);

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.TrySend(_process.Id, Signals.SigCont);
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static BashClient Start(int port, string user, string then)
    {
        var script = $$"""
            exec 3<>/dev/tcp/127.0.0.1/{{port}} || exit 3
            printf '{"type":"hello","user":"%s","client":"bash"}\n' '{{user}}' >&3
            IFS= read -r welcome <&3
            case "$welcome" in *'"type":"welcome"'*) echo joined ;; *) echo "refused $welcome"; exit 4 ;; esac
            {{then}}
            """;
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new BashClient(Process.Start(start)!);
    }
}
