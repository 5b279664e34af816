using System.Diagnostics;

namespace Piazza.Server.Tests;

/// <summary>The built server as a real process: Ctrl+C and SIGTERM stop it gracefully.</summary>
public sealed class ProcessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Signals.SigInt, "SIGINT")]
    [InlineData(Signals.SigTerm, "SIGTERM")]
    public async Task A_signal_stops_the_server_each_member_gets_shutdown_then_the_end_and_the_process_exits_0(int signal, string name)
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine(await server.WaitUntilListeningAsync());
        output.WriteLine(ServerProcess.HostIgnoresInterrupt
            ? "this test process ignores SIGINT (started in the background); the server was started with SIGINT at its default"
            : "the server inherited SIGINT at its default from this test process");
        Assert.Equal(0UL, server.IgnoredSignals() & (1UL << (signal - 1)));
        await using var alice = await RawClient.ConnectAsync(port);
        await alice.JoinAsync("alice");
        await using var bob = await RawClient.ConnectAsync(port);
        await bob.JoinAsync("bob");
        await alice.ExpectAsync<JoinedFrame>();

        var clock = Stopwatch.StartNew();
        server.Signal(signal);
        var atAlice = await alice.ReadToEndAsync();
        var atBob = await bob.ReadToEndAsync();
        await server.WaitForExitAsync();
        clock.Stop();

        output.WriteLine($"{name}: the process exited {clock.ElapsedMilliseconds} ms after the signal, with code {server.Process.ExitCode}");
        Assert.IsType<ShutdownFrame>(Assert.Single(atAlice));
        Assert.IsType<ShutdownFrame>(Assert.Single(atBob));
        Assert.Equal(0, server.Process.ExitCode);
        Assert.Contains("Stopped", server.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fail", server.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", server.Stderr.Trim());
    }

    [Fact]
    public async Task SIGINT_right_after_the_listening_line_still_stops_the_server_gracefully()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.WaitUntilListeningAsync();

        server.Signal(Signals.SigInt);
        await server.WaitForExitAsync();

        Assert.Equal(0, server.Process.ExitCode);
        Assert.Contains("Stopped", server.Stdout, StringComparison.Ordinal);
    }
}
