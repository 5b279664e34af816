using System.Globalization;
using System.Text.RegularExpressions;

namespace Piazza.Server.Tests;

/// <summary>The TLS options of the built server: bad values exit 2 with one sentence; <c>--tls self-signed</c> in one command.</summary>
public sealed partial class TlsCliTests
{
    private const int BadUsage = 2;

    [Theory]
    [InlineData("--tls", "on")]
    [InlineData("--tls-port", "0")]
    [InlineData("--tls-port", "70000")]
    [InlineData("--tls-port", "abc")]
    [InlineData("--tls-cert", "")]
    [InlineData("--tls-key", " ")]
    public async Task A_bad_tls_option_value_exits_2_with_a_sentence_naming_it(string option, string value)
    {
        await using var server = await ServerProcess.RunToExitAsync(option, value);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains(option, server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_that_does_not_exist_exits_2_naming_the_option_and_the_file()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        var missing = Path.Combine(certificates.Directory, "missing.pem");

        await using var server = await ServerProcess.RunToExitAsync(
            "--port", Port(Ports.Free()), "--store", "memory", "--tls-cert", missing, "--tls-key", pair.KeyPath);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Equal($"piazza-server: --tls-cert: the file '{missing}' does not exist.", server.Stderr.Trim());
    }

    [Fact]
    public async Task The_same_port_for_tls_and_plain_text_exits_2_naming_both()
    {
        await using var server = await ServerProcess.RunToExitAsync("--port", "5123", "--tls-port", "5123", "--tls", "self-signed");

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains("--tls-port (5123) must differ from --port (5123)", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_self_signed_in_one_command_logs_the_fingerprint_and_the_next_start_presents_the_same_one()
    {
        using var data = new TempDataDirectory();
        string first;
        var port = Ports.Free();
        await using (var server = ServerProcess.Start("--port", Port(port), "--store", "memory", "--tls", "self-signed", "--data-dir", data.Path))
        {
            var listening = await server.WaitUntilListeningAsync();
            Assert.Contains($"Listening on 127.0.0.1:{port} with TLS", listening, StringComparison.Ordinal);
            first = await Eventually.ValueAsync(() => Fingerprint().Match(server.Stdout) is { Success: true } m ? m.Groups[1].Value : null);
            await using var client = await RawClient.ConnectTlsAsync(port, first);
            await client.JoinAsync("alice");
        }

        await using var again = ServerProcess.Start("--port", Port(Ports.Free()), "--store", "memory", "--tls", "self-signed", "--data-dir", data.Path);
        await again.WaitUntilListeningAsync();
        var second = await Eventually.ValueAsync(() => Fingerprint().Match(again.Stdout) is { Success: true } m ? m.Groups[1].Value : null);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Help_lists_the_tls_options_with_their_defaults()
    {
        await using var server = await ServerProcess.RunToExitAsync("--help");

        var help = server.Stdout;
        Assert.Matches(@"--tls <off\|self-signed>.*\[default: off\]", help);
        Assert.Contains("--tls-cert <file>", help, StringComparison.Ordinal);
        Assert.Contains("--tls-key <file>", help, StringComparison.Ordinal);
        Assert.Contains("--tls-port <n>", help, StringComparison.Ordinal);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("SHA-256 fingerprint ([0-9A-F:]{95})")]
    private static partial Regex Fingerprint();
}
