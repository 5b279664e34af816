using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Piazza.Server.Tests;

/// <summary>
/// Debian's own TLS client, <c>openssl s_client</c>, against the real server: TLS 1.0 and 1.1
/// are refused by the server (the client is told to offer them, at a security level that allows
/// them), TLS 1.2 and 1.3 are spoken, the fingerprint the server logs is the one openssl computes,
/// and the plain-text port does not speak TLS.
/// </summary>
public sealed partial class OpenSslTests
{
    [Theory]
    [InlineData("-tls1", "TLSv1")]
    [InlineData("-tls1_1", "TLSv1.1")]
    public async Task Tls_1_0_and_1_1_are_refused_by_the_server(string flag, string version)
    {
        Assert.SkipWhen(OpenSsl.Missing, OpenSsl.MissingReason);
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);

        var run = await OpenSsl.RunAsync("", "s_client", "-connect", Target(server.TlsPort), flag, "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.NotEqual(0, run.ExitCode);
        // The client offered the old version and the server answered with the protocol_version alert (70).
        Assert.Contains("alert protocol version", run.Output, StringComparison.Ordinal);
        Assert.Contains("Protocol  : " + version, run.Output, StringComparison.Ordinal);
        Assert.Contains("Cipher is (NONE)", run.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => server.Logs.Entries.Count(e => e.Message.Contains("TLS handshake failed", StringComparison.Ordinal)) == 1);
        Assert.Equal(0, server.Server.MemberCount);
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task Tls_1_2_and_1_3_are_spoken_and_a_hello_is_welcomed_through_them(string flag, string version)
    {
        Assert.SkipWhen(OpenSsl.Missing, OpenSsl.MissingReason);
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);

        var run = await OpenSsl.RunAsync("{\"type\":\"hello\",\"user\":\"openssl\"}\n{\"type\":\"bye\"}\n",
            "s_client", "-connect", Target(server.TlsPort), flag, "-ign_eof");

        Assert.Contains("\"type\":\"welcome\",\"user\":\"openssl\"", run.Output, StringComparison.Ordinal);
        Assert.Matches($"(New, {Regex.Escape(version)}, Cipher is|Protocol  : {Regex.Escape(version)}\\n)", run.Output);
    }

    [Fact]
    public async Task The_fingerprint_the_server_logs_is_the_one_openssl_computes()
    {
        Assert.SkipWhen(OpenSsl.Missing, OpenSsl.MissingReason);
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => o with { TlsSelfSigned = true, DataDir = data.Path });

        var session = await OpenSsl.RunAsync("", "s_client", "-connect", Target(server.TlsPort));
        var pem = PemBlock().Match(session.Output).Value;
        var fingerprint = await OpenSsl.RunAsync(pem, "x509", "-noout", "-fingerprint", "-sha256");

        Assert.Equal($"sha256 Fingerprint={server.Server.CertificateFingerprint}", fingerprint.Output.Trim(), ignoreCase: true);
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains(server.Server.CertificateFingerprint!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_plain_text_port_does_not_speak_tls()
    {
        Assert.SkipWhen(OpenSsl.Missing, OpenSsl.MissingReason);
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { TlsPort = 0 });

        var run = await OpenSsl.RunAsync("", "s_client", "-connect", Target(server.Port));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Cipher is (NONE)", run.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => server.Logs.Entries.Any(e => e.Message.Contains("spoke TLS on a plain-text port", StringComparison.Ordinal)));
    }

    private static string Target(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----")]
    private static partial Regex PemBlock();

    /// <summary>The <c>openssl</c> command line tool.</summary>
    private static class OpenSsl
    {
        public const string MissingReason = "openssl is not installed (scripts/test.sh installs it).";

        public static bool Missing { get; } = !Exists();

        public static async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] arguments)
        {
            var info = new ProcessStartInfo("openssl")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not end: {await output}{await error}");
            }

            return (process.ExitCode, await output + await error);
        }

        private static bool Exists() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Any(folder => File.Exists(Path.Combine(folder, "openssl")));
    }
}
