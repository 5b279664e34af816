using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// Debian's ngIRCd on a free port of 127.0.0.1 with a configuration of its own in a temporary
/// folder: the reference server that shows the harness works before the door is blamed.
/// </summary>
internal sealed class Ngircd : IAsyncDisposable
{
    private readonly Process _process;

    private Ngircd(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Ngircd> StartAsync(string folder)
    {
        var port = Ports.Free();
        var config = Path.Combine(folder, "ngircd.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            [Global]
            Name = irc.test
            Info = reference server for the client tests
            Listen = 127.0.0.1
            Ports = {port}
            MotdPhrase = reference server
            PidFile = {Path.Combine(folder, "ngircd.pid")}
            [Limits]
            MaxConnectionsIP = 0
            [Options]
            DNS = no
            Ident = no
            PAM = no

            """));
        var info = new ProcessStartInfo(Programs.Ngircd ?? "ngircd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--nodaemon", "--config", config })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("ngircd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Ngircd(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
