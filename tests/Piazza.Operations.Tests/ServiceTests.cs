using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Piazza.Operations.Tests;

/// <summary>Running under systemd: the unit file, and readiness told over $NOTIFY_SOCKET.</summary>
public sealed class ServiceTests
{
    [Fact]
    public async Task The_server_tells_the_notify_socket_it_is_ready_and_then_that_it_is_stopping()
    {
        var directory = Directory.CreateTempSubdirectory("piazza-notify-").FullName;
        try
        {
            var path = Path.Combine(directory, "notify");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            await using var server = ServerProcess.Start(["--port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory"],
                new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path });

            var ready = await ReceiveAsync(socket);
            Assert.Contains("READY=1", ready, StringComparison.Ordinal);
            Assert.Contains($"MAINPID={server.Process.Id}", ready, StringComparison.Ordinal);
            Assert.Contains("Listening on", await server.WaitUntilListeningAsync(), StringComparison.Ordinal);

            server.Signal(Signals.SigTerm);
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket));
            await server.WaitForExitAsync();
            Assert.Equal(0, server.Process.ExitCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        if (analyze is null)
        {
            Assert.Skip("systemd-analyze is not installed (Debian package systemd; scripts/test.sh installs it)");
        }

        // The unit names the installed binary; verify checks that it exists, so point it at the build.
        var unit = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "piazza.service"), TestContext.Current.CancellationToken);
        Assert.Contains("ExecStart=/usr/local/bin/piazza-server ", unit, StringComparison.Ordinal);
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        Assert.Contains("ProtectSystem=strict", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=piazza", unit, StringComparison.Ordinal);
        var binary = Path.Combine(RepositoryPaths.BuildOutput("Piazza.Server"), "Piazza.Server");
        Assert.True(File.Exists(binary), $"{binary} was not built");
        var directory = Directory.CreateTempSubdirectory("piazza-unit-").FullName;
        try
        {
            var copy = Path.Combine(directory, "piazza.service");
            await File.WriteAllTextAsync(copy, unit.Replace("/usr/local/bin/piazza-server", binary, StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var info = new ProcessStartInfo(analyze) { RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("verify");
            info.ArgumentList.Add(copy);
            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);

            var said = (await errors + await output).Trim();
            Assert.True(process.ExitCode == 0 && said.Length == 0, $"systemd-analyze verify exited {process.ExitCode}: {said}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
