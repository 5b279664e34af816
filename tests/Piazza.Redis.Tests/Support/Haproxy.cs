using System.Diagnostics;
using System.Net.Sockets;
using Piazza.Testing;

namespace Piazza.Redis.Tests.Support;

/// <summary>
/// Debian's <c>haproxy</c> with the configuration docs/scaling.md shows, read from the document
/// itself (so the document cannot drift from what is tested), on ports of 127.0.0.1.
/// </summary>
public sealed class Haproxy : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/haproxy";
    private const string Heading = "# /etc/haproxy/haproxy.cfg (the part for Piazza)";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly string directory;

    private Haproxy(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    /// <summary>The frontend's port: the one address clients use.</summary>
    public int Port { get; }

    /// <summary>Why HAProxy tests cannot run here, or null when they can.</summary>
    public static string? Missing => File.Exists(Binary) ? null : "haproxy is not installed (apt-get install -y haproxy)";

    /// <summary>The indented configuration block under its heading in docs/scaling.md, as written there.</summary>
    public static string DocumentedConfig()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "scaling.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"docs/scaling.md has no block starting '{Heading}'.");
        }

        var block = lines.Skip(start).TakeWhile(l => l.Length == 0 || l.StartsWith("    ", StringComparison.Ordinal)).ToList();
        while (block[^1].Length == 0)
        {
            block.RemoveAt(block.Count - 1);
        }

        return string.Join('\n', block.Select(l => l.Length == 0 ? l : l[4..])) + "\n";
    }

    /// <summary>
    /// The documented configuration with its example ports replaced: the frontend on
    /// 127.0.0.1:<paramref name="front"/>, node1..node3 on <paramref name="nodes"/>. Every example
    /// port must be in the document, else the replacement would silently test something else.
    /// </summary>
    public static string Configure(int front, IReadOnlyList<int> nodes)
    {
        var config = Replace(DocumentedConfig(), "bind :7000", $"bind 127.0.0.1:{front}");
        for (var i = 0; i < nodes.Count; i++)
        {
            config = Replace(config, $"127.0.0.1:{7001 + i} ", $"127.0.0.1:{nodes[i]} ");
        }

        return config;
    }

    /// <summary>Runs <c>haproxy -c -f</c> on <paramref name="config"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckAsync(string config)
    {
        var directory = Directory.CreateTempSubdirectory("piazza-haproxy-").FullName;
        try
        {
            var path = Path.Combine(directory, "haproxy.cfg");
            await File.WriteAllTextAsync(path, config);
            using var check = Process.Start(Info("-c", "-f", path)) ?? throw new InvalidOperationException("haproxy did not start");
            var output = check.StandardOutput.ReadToEndAsync();
            var error = check.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(Guard);
            await check.WaitForExitAsync(guard.Token);
            return (check.ExitCode, await output + await error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts haproxy in the foreground with <paramref name="config"/> and waits until its frontend accepts connections.</summary>
    public static async Task<Haproxy> StartAsync(string config, int front)
    {
        var directory = Directory.CreateTempSubdirectory("piazza-haproxy-").FullName;
        var path = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(path, config);
        var process = Process.Start(Info("-db", "-f", path)) ?? throw new InvalidOperationException("haproxy did not start");
        var haproxy = new Haproxy(process, directory, front);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, front, guard.Token);
                return haproxy;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50, guard.Token);
            }
            catch (SocketException)
            {
                await haproxy.DisposeAsync();
                throw new InvalidOperationException($"haproxy exited with {process.ExitCode}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static ProcessStartInfo Info(params string[] args)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static string Replace(string config, string example, string actual) =>
        config.Contains(example, StringComparison.Ordinal)
            ? config.Replace(example, actual, StringComparison.Ordinal)
            : throw new InvalidOperationException($"docs/scaling.md's HAProxy example no longer has '{example.Trim()}': update this test with it.");
}
