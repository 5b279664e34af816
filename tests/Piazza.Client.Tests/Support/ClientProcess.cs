using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piazza.Client.Tests.Support;

/// <summary>
/// The client as a person runs it: its own process (optionally under xvfb-run), its output
/// collected line by line. Disposing kills whatever is still running, the whole tree.
/// </summary>
public sealed partial class ClientProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _configDirectory;

    private ClientProcess(Process process, string configDirectory)
    {
        _process = process;
        _configDirectory = configDirectory;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    /// <summary>Starts the built client; <paramref name="wrapper"/> (such as xvfb-run and its arguments) goes in front.</summary>
    public static ClientProcess Start(IEnumerable<string> arguments, IEnumerable<string>? wrapper = null)
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("Piazza.Client"), "Piazza.Client.dll");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        // As a terminal runs it: Ctrl+C at its default even when this test process was started in the background.
        var command = new List<string>(Signals.DefaultsPrefix);
        command.AddRange(wrapper ?? []);
        command.Add(dotnet);
        command.Add(dll);
        command.AddRange(arguments);
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var config = Directory.CreateTempSubdirectory("piazza-config-").FullName;
        start.Environment["PIAZZA_CONFIG_DIR"] = config;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + command[0]);
        return new ClientProcess(process, config);
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => _lines.FirstOrDefault(match), timeout ?? TimeSpan.FromSeconds(30), "a matching line of the client's output:\n" + Output);

    public async Task<Uri> WaitForUrlAsync()
    {
        var line = await WaitForLineAsync(l => l.StartsWith("Piazza is running at ", StringComparison.Ordinal));
        return new Uri(line["Piazza is running at ".Length..].Trim());
    }

    public async Task<int> WaitForWindowPidAsync()
    {
        var line = await WaitForLineAsync(l => WindowOpened().IsMatch(l));
        return int.Parse(WindowOpened().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when the process ended within <paramref name="limit"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What Ctrl+C in the terminal sends.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_configDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex(@"Opened the app window with \S+ \(pid (\d+)\)")]
    private static partial Regex WindowOpened();
}
