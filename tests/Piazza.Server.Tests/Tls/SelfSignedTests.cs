using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Piazza.Server.Transport;

namespace Piazza.Server.Tests;

/// <summary><c>--tls self-signed</c>: made once, kept in the data directory, the same certificate on every later start.</summary>
public sealed class SelfSignedTests
{
    private static ServerOptions SelfSigned(ServerOptions options, TempDataDirectory data) =>
        options with { TlsSelfSigned = true, DataDir = data.Path };

    [Fact]
    public async Task The_certificate_is_made_on_first_start_and_reused_with_the_same_fingerprint_after_a_restart()
    {
        using var data = new TempDataDirectory();
        var path = Path.Combine(data.Path, SelfSignedCertificate.FileName);

        string first;
        await using (var server = await TestServer.StartAsync(o => SelfSigned(o, data)))
        {
            first = server.Server.CertificateFingerprint!;
            await using var client = await server.ConnectTlsAsync();
            await client.JoinAsync("alice");
            Assert.Contains(server.Logs.Entries, e => e.EventId.Id == 61 && e.Message.Contains(path, StringComparison.Ordinal));
        }

        var written = File.GetLastWriteTimeUtc(path);
        await using var restarted = await TestServer.StartAsync(o => SelfSigned(o, data));
        await using var again = await restarted.ConnectTlsAsync();
        await again.JoinAsync("alice");

        Assert.Equal(first, restarted.Server.CertificateFingerprint);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.DoesNotContain(restarted.Logs.Entries, e => e.EventId.Id == 61);
        Assert.Contains(restarted.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("SHA-256 fingerprint " + first, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task The_certificate_names_localhost_the_loopback_addresses_and_the_listening_host()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => SelfSigned(o, data));

        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(data.Path, SelfSignedCertificate.FileName));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains("127.0.0.1", names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Contains("::1", names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Equal("ECDsa", certificate.GetECDsaPublicKey()!.SignatureAlgorithm);
        Assert.True(certificate.NotAfter > DateTime.UtcNow.AddYears(9));
    }

    [Fact]
    public async Task An_expired_kept_certificate_is_replaced_with_a_warning_that_its_fingerprint_changed()
    {
        using var data = new TempDataDirectory();
        var path = Path.Combine(data.Path, SelfSignedCertificate.FileName);
        File.WriteAllText(path, SelfSignedCertificate.Create("127.0.0.1", DateTimeOffset.UtcNow.AddYears(-11)));
        using var expired = X509Certificate2.CreateFromPemFile(path);

        await using var server = await TestServer.StartAsync(o => SelfSigned(o, data));
        await using var client = await server.ConnectTlsAsync();
        await client.JoinAsync("alice");

        Assert.NotEqual(CertificateFingerprint.Of(expired), server.Server.CertificateFingerprint);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Id == 62 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_damaged_kept_certificate_stops_the_start_with_a_sentence_saying_what_to_do()
    {
        using var data = new TempDataDirectory();
        var path = Path.Combine(data.Path, SelfSignedCertificate.FileName);
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        var failure = await TlsServers.StartFailsAsync(o => SelfSigned(o, data));

        Assert.StartsWith("--tls self-signed: '" + path + "' holds a CERTIFICATE block that is not a valid certificate", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("Delete the file to make a new certificate (clients that trusted the old one will refuse the new one until they trust it again).", failure.Message, StringComparison.Ordinal);
    }
}
