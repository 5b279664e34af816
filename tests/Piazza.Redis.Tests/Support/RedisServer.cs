using System.Diagnostics;
using Piazza.Store.Redis;
using Piazza.Testing;
using StackExchange.Redis;

namespace Piazza.Redis.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free port of 127.0.0.1 in its own temp directory, with the
/// persistence docs/scaling.md asks for (append-only file, fsync at every write). It can be
/// stopped and started again on the same port and files, or killed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(30);
    private readonly string directory;
    private Process? process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        this.directory = directory;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public RedisAddress Address => RedisAddress.TryParse(Url, out var a, out _) ? a! : throw new InvalidOperationException();

    /// <summary>Why Redis tests cannot run here, or null when they can.</summary>
    public static string? Missing => File.Exists("/usr/bin/redis-server") ? null : "redis-server is not installed (apt-get install -y redis-server)";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "piazza-redis-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new RedisServer(Ports.Free(), directory);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the process (again) on the same port and files, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            "--daemonize", "no", "--protected-mode", "yes", "--logfile", Path.Combine(directory, "redis.log"),
        })
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        using var guard = new CancellationTokenSource(StartGuard);
        while (true)
        {
            guard.Token.ThrowIfCancellationRequested();
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=1000,abortConnect=true");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited: {await File.ReadAllTextAsync(Path.Combine(directory, "redis.log"))}");
                }

                await Task.Delay(50, guard.Token);
            }
        }
    }

    /// <summary>Stops Redis politely (SIGTERM: it finishes its append-only file) and waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false } p)
        {
            Signals.Send(p.Id, Signals.SigTerm);
            using var guard = new CancellationTokenSource(StartGuard);
            await p.WaitForExitAsync(guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }

        process?.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }
}
