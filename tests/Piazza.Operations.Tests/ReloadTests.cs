using System.Globalization;

namespace Piazza.Operations.Tests;

/// <summary>SIGHUP on the real process: what can change does, what cannot is named, a bad file changes nothing.</summary>
public sealed class ReloadTests
{
    private static string Config(int port, int maxConnections, string logLevel, int rateBurst = 10) => $$"""
        {
          "port": {{port.ToString(CultureInfo.InvariantCulture)}},
          "store": "memory",
          "max-connections": {{maxConnections.ToString(CultureInfo.InvariantCulture)}},
          "log-level": "{{logLevel}}",
          "rate-burst": {{rateBurst.ToString(CultureInfo.InvariantCulture)}},
        }
        """;

    [Fact]
    public async Task Sighup_applies_a_new_connection_limit_and_log_level_and_names_what_needs_a_restart()
    {
        var port = Ports.Free();
        using var file = new TempFile(Config(port, maxConnections: 2, logLevel: "Information"));
        await using var server = ServerProcess.Start(["--config", file.Path], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();

        await using var first = await RawClient.ConnectAsync(port);
        await first.HelloAsync("first");
        await using var second = await RawClient.ConnectAsync(port);
        await second.HelloAsync("second");
        await using (var refused = await RawClient.ConnectAsync(port))
        {
            Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(await refused.ReadToEndAsync())).Code);
        }

        // At Information, what people say is not logged.
        await first.SayInAsync("#piazza", "said before the reload");

        file.Write(Config(port, maxConnections: 3, logLevel: "Debug", rateBurst: 20));
        server.Signal(Signals.SigHup);
        await Eventually.TrueAsync(() => server.Stdout.Contains("Reloaded:", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the reload");

        Assert.Contains("--max-connections 3", server.Stdout, StringComparison.Ordinal);
        Assert.Contains("--log-level Debug", server.Stdout, StringComparison.Ordinal);
        Assert.Contains("--rate-burst changed, but takes effect only after a restart", server.Stdout, StringComparison.Ordinal);
        Assert.False(server.Process.HasExited);

        // The new limit admits a third connection.
        await using var third = await RawClient.ConnectAsync(port);
        await third.HelloAsync("third");

        // At Debug it is.
        await first.SayInAsync("#piazza", "said after the reload");
        await Eventually.TrueAsync(() => server.Stdout.Contains("says: said after the reload", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the debug line");
        Assert.DoesNotContain("said before the reload", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_on_reload_is_refused_and_the_server_keeps_its_settings()
    {
        var port = Ports.Free();
        using var file = new TempFile(Config(port, maxConnections: 1, logLevel: "Information"));
        await using var server = ServerProcess.Start(["--config", file.Path], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();

        file.Write("{\n  \"max-connections\": 0\n}");
        server.Signal(Signals.SigHup);
        await Eventually.TrueAsync(() => server.Stdout.Contains("Reload refused", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the refusal");

        Assert.Contains($"Reload refused, nothing changed: {file.Path}, line 2, key \"max-connections\": --max-connections must be", server.Stdout, StringComparison.Ordinal);
        await using var only = await RawClient.ConnectAsync(port);
        await only.HelloAsync("only");
        await using var refused = await RawClient.ConnectAsync(port);
        Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(await refused.ReadToEndAsync())).Code);
    }
}

/// <summary>A renewed certificate at the same path is served after SIGHUP, without a restart.</summary>
public sealed class CertificateReloadTests
{
    [Fact]
    public async Task After_sighup_new_handshakes_get_the_certificate_now_in_the_files()
    {
        using var certificates = new TestCertificates();
        var first = certificates.SelfSigned();
        var renewed = certificates.SelfSigned();
        var certificatePath = Path.Combine(certificates.Directory, "fullchain.pem");
        var keyPath = Path.Combine(certificates.Directory, "privkey.pem");
        File.Copy(first.CertificatePath, certificatePath);
        File.Copy(first.KeyPath, keyPath);
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", "memory", "--tls-cert", certificatePath, "--tls-key", keyPath],
            new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        await using (var before = await RawClient.ConnectTlsAsync(port, first.Fingerprint))
        {
            await before.HelloAsync("before");
        }

        File.Copy(renewed.CertificatePath, certificatePath, overwrite: true);
        File.Copy(renewed.KeyPath, keyPath, overwrite: true);
        server.Signal(Signals.SigHup);
        await Eventually.TrueAsync(() => server.Stdout.Contains("Reloaded:", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the reload");

        Assert.Contains("the TLS certificate files read again", server.Stdout, StringComparison.Ordinal);
        Assert.Contains(renewed.Fingerprint, server.Stdout, StringComparison.Ordinal);
        await using var after = await RawClient.ConnectTlsAsync(port, renewed.Fingerprint);
        await after.HelloAsync("after");
    }
}
