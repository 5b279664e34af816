using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Piazza.Testing;

/// <summary>The real built server (<c>dotnet Piazza.Server.dll</c>) as a child process, its output captured.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _ownDataDirectory;

    private ServerProcess(Process process, string dataDirectory, bool ownsDataDirectory)
    {
        Process = process;
        DataDirectory = dataDirectory;
        _ownDataDirectory = ownsDataDirectory ? dataDirectory : null;
    }

    public Process Process { get; }

    /// <summary>
    /// The data directory the server was given: the <c>--data-dir</c> argument, or the fresh
    /// temporary directory set as <c>PIAZZA_DATA_DIR</c> (removed again when this is disposed).
    /// </summary>
    public string DataDirectory { get; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// True when this test process ignores SIGINT, as it does when a non-interactive shell started
    /// it in the background. A child inherits that, and a server that respects an ignored SIGINT
    /// (as it should: that is how a shell keeps Ctrl+C away from background jobs) would not stop;
    /// so the server is started with it at its default (<see cref="Signals.DefaultsPrefix"/>).
    /// </summary>
    public static bool HostIgnoresInterrupt { get; } = Signals.IgnoredHere(Signals.SigInt);

    /// <summary>Starts the server with <paramref name="arguments"/>; it is not waited for.</summary>
    public static ServerProcess Start(params string[] arguments) => Start(arguments, wrap: null);

    /// <summary>
    /// Starts the server with <paramref name="arguments"/> through <paramref name="wrap"/>, which is
    /// given the whole command line (<c>dotnet Piazza.Server.dll ...</c>) and returns the one to
    /// run, for example the same command inside <c>unshare</c>. The command must end by exec'ing
    /// the server, so that <see cref="Process"/> is the server itself.
    /// </summary>
    public static ServerProcess Start(IReadOnlyList<string> arguments, Func<IReadOnlyList<string>, IReadOnlyList<string>>? wrap) =>
        Start(arguments, wrap, redirectInput: false);

    /// <summary>Starts the server with <paramref name="arguments"/> and these environment variables added to this process's.</summary>
    public static ServerProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        Start(arguments, wrap: null, redirectInput: false, environment);

    private static ServerProcess Start(IReadOnlyList<string> arguments, Func<IReadOnlyList<string>, IReadOnlyList<string>>? wrap, bool redirectInput,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

        // Run it as a terminal runs a foreground program: with SIGINT and SIGHUP at their defaults.
        var command = new List<string>(Signals.DefaultsPrefix);
        command.Add(dotnet);
        command.Add("Piazza.Server.dll");
        command.AddRange(arguments);
        var line = wrap is null ? command : wrap(command);
        var info = new ProcessStartInfo(line[0])
        {
            WorkingDirectory = RepositoryPaths.BuildOutput("Piazza.Server"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in line.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        // Never the user's own data folder: each process gets a fresh directory unless a test names one.
        var named = arguments.ToList().IndexOf("--data-dir");
        var dataDirectory = named >= 0 && named + 1 < arguments.Count
            ? arguments[named + 1]
            : Directory.CreateTempSubdirectory("piazza-process-").FullName;
        if (named < 0)
        {
            info.Environment["PIAZZA_DATA_DIR"] = dataDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, dataDirectory, ownsDataDirectory: named < 0);
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs the server to its end (for options it refuses) and returns its exit code.</summary>
    public static async Task<ServerProcess> RunToExitAsync(params string[] arguments)
    {
        var server = Start(arguments);
        await server.WaitForExitAsync();
        return server;
    }

    /// <summary>Runs a command of the server (<c>account reset-password NAME</c>) with <paramref name="input"/> on its standard input, to its end.</summary>
    public static async Task<ServerProcess> RunWithInputAsync(string input, params string[] arguments)
    {
        var server = Start(arguments, wrap: null, redirectInput: true);
        await server.Process.StandardInput.WriteAsync(input);
        server.Process.StandardInput.Close();
        await server.WaitForExitAsync();
        return server;
    }

    /// <summary>Connects to <paramref name="port"/> on 127.0.0.1 as soon as something listens there.</summary>
    public static async Task<RawClient> ConnectWhenListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return await RawClient.ConnectAsync(port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits for the "Listening on" line and returns it.</summary>
    public Task<string> WaitUntilListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>Waits for the process to end (20 s by default; the deadline only decides how long a broken build takes to fail).</summary>
    public async Task WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await Process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>Sends a POSIX signal, as a terminal's Ctrl+C (SIGINT) or a service manager (SIGTERM) would.</summary>
    public void Signal(int signal) => Signals.Send(Process.Id, signal);

    /// <summary>The signals the server process ignores (bit n-1 for signal n).</summary>
    public ulong IgnoredSignals() => Signals.Ignored(Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
        if (_ownDataDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownDataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temporary-file cleaning.
            }
        }
    }

    private void OnOutput(string? line)
    {
        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (line is not null && line.Contains("Listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult(line);
        }
    }
}
