using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Normal certificate validation (a trusted authority, the host's name, the dates), and one
/// sentence for every way TLS can fail: the other transport on the port, a refused handshake, a
/// server that closes or stays silent during it.
/// </summary>
public sealed class TlsFailureTests
{
    private static ChatConnectionOptions Trusting(int port, X509Certificate2 authority) =>
        TlsServers.Options(port, known: null) with { TrustRoots = [authority] };

    [Fact]
    public async Task A_certificate_from_a_trusted_authority_for_this_host_is_accepted_without_asking()
    {
        using var certificates = new TestCertificates();
        using var authority = certificates.Authority();
        await using var server = await TlsServers.StartAsync(certificates, authority.Issue(["127.0.0.1"]));
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Trusting(server.Port, authority.Certificate)).WaitAsync(Wait.Default);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(CertificateTrust.System, result.Welcome!.Security!.Trust);
        Assert.Equal(server.Server.CertificateFingerprint, result.Welcome.Security.Fingerprint);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_with_its_end_date()
    {
        using var certificates = new TestCertificates();
        using var authority = certificates.Authority();
        var end = DateTimeOffset.UtcNow.AddDays(-3);
        await using var server = await TlsServers.StartAsync(certificates, authority.Issue(["127.0.0.1"], end.AddDays(-30), end));
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Trusting(server.Port, authority.Certificate)).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.CertificateInvalid, result.Failure!.Kind);
        Assert.Equal($"The certificate of 127.0.0.1:{server.Port} expired on {end.UtcDateTime:yyyy-MM-dd}; the server's operator must renew it.", result.Failure.Message);
        Assert.Equal(CertificateProblems.Expired, result.Failure.Certificate!.Problems);
    }

    [Fact]
    public async Task A_certificate_not_valid_yet_is_refused_saying_to_check_the_clock()
    {
        using var certificates = new TestCertificates();
        using var authority = certificates.Authority();
        var start = DateTimeOffset.UtcNow.AddDays(5);
        await using var server = await TlsServers.StartAsync(certificates, authority.Issue(["127.0.0.1"], start, start.AddDays(30)));
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Trusting(server.Port, authority.Certificate)).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.CertificateInvalid, result.Failure!.Kind);
        Assert.Equal($"The certificate of 127.0.0.1:{server.Port} is not valid before {start.UtcDateTime:yyyy-MM-dd}; check this computer's date and time.", result.Failure.Message);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_naming_the_names_it_is_for()
    {
        using var certificates = new TestCertificates();
        using var authority = certificates.Authority();
        await using var server = await TlsServers.StartAsync(certificates, authority.Issue(["chat.example.org"]));
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Trusting(server.Port, authority.Certificate)).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.CertificateInvalid, result.Failure!.Kind);
        Assert.Equal(
            $"The certificate of 127.0.0.1:{server.Port} is for chat.example.org, not for '127.0.0.1'; connect with one of those names, or ask the server's operator for a certificate that names '127.0.0.1'.",
            result.Failure.Message);
        Assert.Equal(CertificateProblems.NameMismatch, result.Failure.Certificate!.Problems);
    }

    [Fact]
    public async Task Plain_text_to_a_tls_port_is_told_to_turn_on_tls()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Options.For(server.Port, autoReconnect: false)).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TlsRequired, result.Failure!.Kind);
        Assert.Equal(ConnectFailure.UseTlsField, result.Failure.Field);
        Assert.Equal(
            $"The server at 127.0.0.1:{server.Port} requires TLS (This port speaks TLS: connect with TLS, or to the server's plain-text port); turn on Use TLS.",
            result.Failure.Message);
    }

    [Fact]
    public async Task Tls_to_a_plain_text_port_is_told_to_turn_off_tls()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(TlsServers.Options(server.Port, new MemoryKnownCertificates())).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TlsFailed, result.Failure!.Kind);
        Assert.Equal(ConnectFailure.UseTlsField, result.Failure.Field);
        Assert.Equal(
            $"The server at 127.0.0.1:{server.Port} answered in plain text, not TLS: turn off Use TLS, or connect to the server's TLS port.",
            result.Failure.Message);
    }

    [Fact]
    public async Task A_server_that_refuses_the_handshake_is_said_to_have_refused_it()
    {
        await using var server = FakeServer.Start();
        await using var client = new ChatClient();

        var connecting = client.ConnectAsync(TlsServers.Options(server.Port, new MemoryKnownCertificates()));
        var peer = await server.AcceptAsync();
        await peer.ReadAnyAsync();
        // A fatal handshake_failure alert (40) in a TLS 1.2 record: what a server with nothing in common sends.
        await peer.SendBytesAsync([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TlsFailed, result.Failure!.Kind);
        Assert.StartsWith($"The TLS handshake with 127.0.0.1:{server.Port} failed (", result.Failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("); the server may accept only TLS versions or ciphers this computer does not offer (Piazza needs TLS 1.2 or newer).", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_closes_during_the_handshake_may_not_speak_tls()
    {
        await using var server = FakeServer.Start();
        await using var client = new ChatClient();

        var connecting = client.ConnectAsync(TlsServers.Options(server.Port, new MemoryKnownCertificates()));
        var peer = await server.AcceptAsync();
        await peer.ReadAnyAsync();
        peer.Close();
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TlsFailed, result.Failure!.Kind);
        Assert.Equal(
            $"The server at 127.0.0.1:{server.Port} closed the connection during the TLS handshake; it may not speak TLS on this port (turn off Use TLS, or connect to its TLS port).",
            result.Failure.Message);
    }

    [Fact]
    public async Task A_server_silent_during_the_handshake_times_out_with_a_sentence_about_tls()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = new ChatClient(time);
        var options = TlsServers.Options(server.Port, new MemoryKnownCertificates()) with { ConnectTimeout = TimeSpan.FromSeconds(10) };

        var connecting = client.ConnectAsync(options);
        var peer = await server.AcceptAsync();
        Assert.True(await peer.ReadAnyAsync() > 0, "the client should have sent its ClientHello");
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TimedOut, result.Failure!.Kind);
        Assert.Equal(
            $"Connected to 127.0.0.1:{server.Port}, but the TLS handshake did not finish within 10 seconds; the server may not speak TLS on this port (turn off Use TLS, or connect to its TLS port).",
            result.Failure.Message);
        Assert.True(await peer.WaitForCloseAsync(), "the client should close the connection it gave up on");
    }
}
