using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Trust on first use against the real server (protocol §11): the first connect reports the
/// certificate and its fingerprint, a trusted one is accepted silently from then on, and a changed
/// one is refused with a sentence naming both fingerprints.
/// </summary>
public sealed class TrustOnFirstUseTests
{
    [Fact]
    public async Task The_first_connect_reports_the_fingerprint_and_once_trusted_the_next_connect_succeeds_silently()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);
        var known = new MemoryKnownCertificates();
        var options = TlsServers.Options(server.Port, known);
        await using var client = new ChatClient();
        var events = new EventRecorder(client);

        var first = await client.ConnectAsync(options).WaitAsync(Wait.Default);
        var certificate = first.Failure!.Certificate!;
        await client.TrustCertificateAsync(options, certificate);
        var second = await client.ConnectAsync(options).WaitAsync(Wait.Default);
        var sent = await client.SendAsync(Fake.Room, "ciao over TLS").WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.CertificateNotTrusted, first.Failure.Kind);
        Assert.Equal(server.Server.CertificateFingerprint, certificate.Fingerprint);
        Assert.Equal(
            $"The server at 127.0.0.1:{server.Port} presents a certificate this computer does not trust (self-signed, or from an unknown authority) with SHA-256 fingerprint {certificate.Fingerprint}: trust it only if the server's operator confirms that fingerprint.",
            first.Failure.Message);
        Assert.True(certificate.Problems.HasFlag(CertificateProblems.Untrusted));
        Assert.Null(certificate.KnownFingerprint);
        Assert.Equal((("127.0.0.1", server.Port)), (certificate.Host, certificate.Port));
        Assert.Contains("127.0.0.1", certificate.Names);

        Assert.True(second.Succeeded, second.Failure?.Message);
        var security = second.Welcome!.Security!;
        Assert.Equal(CertificateTrust.Known, security.Trust);
        Assert.Equal(certificate.Fingerprint, security.Fingerprint);
        Assert.Equal("TLS 1.3", security.Protocol);
        Assert.Equal(security, client.Status.Security);
        Assert.True(sent.Succeeded);
        Assert.Equal(certificate.Fingerprint, (await known.FindAsync("127.0.0.1", server.Port, default))!.Fingerprint);
        Assert.DoesNotContain(events.All, e => e is ReconnectFailed);
    }

    [Fact]
    public async Task A_changed_certificate_is_refused_with_a_sentence_naming_both_fingerprints_until_the_new_one_is_trusted()
    {
        using var certificates = new TestCertificates();
        var before = certificates.SelfSigned();
        var after = certificates.SelfSigned();
        var known = new MemoryKnownCertificates();
        int port;
        await using (var first = await TlsServers.StartAsync(certificates, before))
        {
            port = first.Port;
            await using var client = new ChatClient();
            var options = TlsServers.Options(port, known);
            await client.TrustCertificateAsync(options, (await client.ConnectAsync(options)).Failure!.Certificate!);
            Assert.True((await client.ConnectAsync(options)).Succeeded);
        }

        await using var replaced = await TlsServers.StartAsync(certificates, after, port);
        await using var again = new ChatClient();
        var changed = await again.ConnectAsync(TlsServers.Options(port, known)).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.CertificateChanged, changed.Failure!.Kind);
        Assert.Equal(
            $"The certificate of 127.0.0.1:{port} has changed since you trusted it (SHA-256 {before.Fingerprint} then, {after.Fingerprint} now): the server may have a new certificate, or someone may be intercepting the connection, so ask the server's operator before trusting the new one.",
            changed.Failure.Message);
        Assert.Equal(before.Fingerprint, changed.Failure.Certificate!.KnownFingerprint);
        Assert.Equal(after.Fingerprint, changed.Failure.Certificate.Fingerprint);
        Assert.Equal(before.Fingerprint, (await known.FindAsync("127.0.0.1", port, default))!.Fingerprint);
        await Eventually.TrueAsync(() => replaced.Server.ConnectionCount == 0, what: "the refused connection closed");
        Assert.Equal(0, replaced.Server.MemberCount);

        await again.TrustCertificateAsync(TlsServers.Options(port, known), changed.Failure.Certificate);
        Assert.True((await again.ConnectAsync(TlsServers.Options(port, known)).WaitAsync(Wait.Default)).Succeeded);
    }

    [Fact]
    public async Task Reconnecting_to_a_server_whose_certificate_changed_fails_each_attempt_as_changed()
    {
        using var certificates = new TestCertificates();
        var before = certificates.SelfSigned();
        var known = new MemoryKnownCertificates();
        var first = await TlsServers.StartAsync(certificates, before);
        var port = first.Port;
        await using var client = new ChatClient();
        var events = new EventRecorder(client);
        var options = TlsServers.Options(port, known, autoReconnect: true);
        await known.TrustAsync(new KnownCertificate("127.0.0.1", port, before.Fingerprint, DateTimeOffset.UtcNow), default);
        Assert.True((await client.ConnectAsync(options).WaitAsync(Wait.Default)).Succeeded);

        await first.DisposeAsync();
        await using var replaced = await TlsServers.StartAsync(certificates, port: port);
        var failed = await events.WaitForAsync<ReconnectFailed>(f => f.Failure.Kind != ConnectFailureKind.ConnectionRefused);

        Assert.Equal(ConnectFailureKind.CertificateChanged, failed.Failure.Kind);
        Assert.Equal(replaced.Server.CertificateFingerprint, failed.Failure.Certificate!.Fingerprint);
        Assert.Equal(0, replaced.Server.MemberCount);
        client.CancelReconnect();
    }

    [Fact]
    public async Task A_certificate_trusted_in_the_file_is_accepted_by_the_next_run_without_asking()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);
        var path = Path.Combine(certificates.Directory, "settings", "known-certificates.json");

        using (var file = new FileKnownCertificates(path))
        {
            await using var firstRun = new ChatClient();
            var options = TlsServers.Options(server.Port, file);
            await firstRun.TrustCertificateAsync(options, (await firstRun.ConnectAsync(options)).Failure!.Certificate!);
        }

        using var reopened = new FileKnownCertificates(path);
        await using var nextRun = new ChatClient();
        var result = await nextRun.ConnectAsync(TlsServers.Options(server.Port, reopened)).WaitAsync(Wait.Default);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(CertificateTrust.Known, result.Welcome!.Security!.Trust);
    }

    [Fact]
    public async Task Without_a_store_a_self_signed_certificate_is_never_accepted_and_there_is_nowhere_to_trust_it()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);
        await using var client = new ChatClient();
        var options = TlsServers.Options(server.Port, known: null);

        var first = await client.ConnectAsync(options).WaitAsync(Wait.Default);
        var trusting = await Assert.ThrowsAsync<InvalidOperationException>(() => client.TrustCertificateAsync(options, first.Failure!.Certificate!));

        Assert.Equal(ConnectFailureKind.CertificateNotTrusted, first.Failure!.Kind);
        Assert.Contains("KnownCertificates", trusting.Message, StringComparison.Ordinal);
    }
}
