using System.Net;
using System.Net.Sockets;

namespace Piazza.Server.Tests;

/// <summary>The command line of the built server: bad options exit 2 with a sentence naming the option.</summary>
public sealed class CliTests
{
    private const int BadUsage = 2;

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--port", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--port", "80.5")]
    [InlineData("--host", "bad_host")]
    [InlineData("--host", "1.2.3")]
    [InlineData("--host", "")]
    [InlineData("--max-connections", "-5")]
    [InlineData("--max-connections", "0")]
    [InlineData("--max-connections-per-ip", "-1")]
    [InlineData("--rate-burst", "-1")]
    [InlineData("--rate-burst", "0.5")]
    [InlineData("--rate-per-second", "0")]
    [InlineData("--rate-per-second", "NaN")]
    [InlineData("--sendq-bytes", "-10")]
    [InlineData("--ping-interval", "-3")]
    [InlineData("--timeout", "0")]
    [InlineData("--hello-timeout", "-15")]
    [InlineData("--history", "-1")]
    [InlineData("--send-timeout", "soon")]
    [InlineData("--shutdown-grace", "5")]
    public async Task A_bad_option_value_exits_2_with_a_sentence_naming_the_option(string option, string value)
    {
        await using var server = await ServerProcess.RunToExitAsync(option, value);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains(option, server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening", server.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_exits_2_naming_it()
    {
        await using var server = await ServerProcess.RunToExitAsync("--prot", "5000");

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains("--prot", server.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "10")]
    [InlineData("5", "20")]
    public async Task A_timeout_not_longer_than_the_ping_interval_exits_2_naming_both(string timeout, string pingInterval)
    {
        await using var server = await ServerProcess.RunToExitAsync(
            "--port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--timeout", timeout, "--ping-interval", pingInterval);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains("--timeout", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("--ping-interval", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_not_on_this_machine_exits_2_naming_the_host()
    {
        // 203.0.113.0/24 is reserved for documentation: no machine has it.
        await using var server = await ServerProcess.RunToExitAsync("--host", "203.0.113.7", "--port", "5000");

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains("--host", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_exits_2_naming_the_port()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var server = await ServerProcess.RunToExitAsync("--port", port);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains("--port", server.Stderr, StringComparison.Ordinal);
        Assert.Contains(port, server.Stderr, StringComparison.Ordinal);
        Assert.Contains("in use", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_default_and_exits_0()
    {
        await using var server = await ServerProcess.RunToExitAsync("--help");

        Assert.Equal(0, server.Process.ExitCode);
        var help = server.Stdout.Split('\n');
        (string Option, string Default)[] expected =
        [
            ("--host", "127.0.0.1"), ("--port", "5000"), ("--max-connections", "10000"), ("--max-connections-per-ip", "64"),
            ("--rate-burst", "10"), ("--rate-per-second", "5"), ("--sendq-bytes", "1048576"), ("--ping-interval", "20"),
            ("--timeout", "60"), ("--hello-timeout", "15"), ("--history", "50"), ("--send-timeout", "30"),
            ("--shutdown-grace", "1"), ("--log-level", "Information"),
        ];
        foreach (var (option, value) in expected)
        {
            var line = Assert.Single(help, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.Contains($"[default: {value}]", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Good_options_are_taken_the_server_listens_where_it_was_told_and_a_client_sees_the_limits()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            "--host", "localhost", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ping-interval", "7.5", "--timeout", "30", "--history", "0", "--log-level", "Warning");

        // At Warning the Listening line is not printed: wait for the port instead.
        await using var connected = await ServerProcess.ConnectWhenListeningAsync(port);
        var welcome = await connected.JoinAsync("alice");

        Assert.Equal((7500L, 30000L), (welcome.Limits.PingIntervalMs, welcome.Limits.TimeoutMs));
        Assert.DoesNotContain("info:", server.Stdout, StringComparison.Ordinal);
    }
}
