using System.Net;
using System.Security.Authentication;

namespace Piazza.Server.Tests;

/// <summary>Protocol §11 through the real server: TLS on the main port or on its own, and what each port says to the other transport.</summary>
public sealed class TlsConnectionTests
{
    [Fact]
    public async Task Without_a_tls_port_the_main_port_speaks_tls_and_members_chat_through_it()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);
        await using var alice = await server.ConnectTlsAsync();
        await alice.JoinAsync("alice");
        await using var bob = await server.ConnectTlsAsync();
        await bob.JoinAsync("bob");

        var ack = await alice.SayAsync("ciao over TLS");
        var message = await bob.ExpectAsync<MessageFrame>(m => m.From == "alice");

        Assert.Equal(server.EndPoint, server.Server.TlsEndPoint);
        Assert.Equal(ack.Id, message.Id);
        Assert.Equal("ciao over TLS", message.Text);
        Assert.Equal(CertificateFingerprint.Length, server.Server.CertificateFingerprint!.Length);
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains(server.Server.CertificateFingerprint, StringComparison.Ordinal));
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task With_a_tls_port_the_main_port_stays_plain_and_both_ports_share_the_rooms()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { TlsPort = 0 });
        await using var plain = await server.JoinAsync("plain");
        await using var secure = await server.ConnectTlsAsync();
        await secure.JoinAsync("secure");

        var ack = await plain.SayAsync("from the plain port");
        var message = await secure.ExpectAsync<MessageFrame>(m => m.From == "plain");
        await secure.SayAsync("from the TLS port");
        var back = await plain.ExpectAsync<MessageFrame>(m => m.From == "secure");

        Assert.NotEqual(server.Port, server.TlsPort);
        Assert.Equal(ack.Id, message.Id);
        Assert.Equal("from the TLS port", back.Text);
    }

    [Fact]
    public async Task Plain_text_on_the_tls_port_is_told_in_plain_text_to_use_tls_and_closed()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { TlsPort = 0 });
        await using var client = await RawClient.ConnectAsync(server.TlsPort);

        await client.SendAsync(new HelloFrame("alice", 2));
        var rest = await client.ReadToEndAsync();

        var error = Assert.IsType<ErrorFrame>(Assert.Single(rest));
        Assert.Equal(ErrorCodes.TlsRequired, error.Code);
        Assert.Equal("This port speaks TLS: connect with TLS, or to the server's plain-text port.", error.Message);
        Assert.Equal(0, server.Server.MemberCount);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_tls_handshake_on_the_plain_port_is_told_in_plain_text_that_the_port_is_plain_and_closed()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { TlsPort = 0 });

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => RawClient.ConnectTlsAsync(server.Port, server.Server.CertificateFingerprint!));

        Assert.True(refused is AuthenticationException or IOException, refused.ToString());
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("spoke TLS on a plain-text port", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 0);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_both_spoken(SslProtocols protocol)
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates);

        await using var client = await RawClient.ConnectTlsAsync(server.TlsPort, server.Server.CertificateFingerprint!, protocols: protocol);
        await client.JoinAsync("alice");

        Assert.Equal(protocol, client.Tls!.SslProtocol);
    }

    [Fact]
    public async Task A_password_over_plain_text_from_another_machine_is_refused_and_over_tls_from_there_it_is_accepted()
    {
        var address = LocalAddresses.NonLoopbackIPv4();
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 address to connect from.");
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { Host = "0.0.0.0", TlsPort = 0 });

        await using var plain = await RawClient.ConnectAsync(server.Port, remote: address);
        var refused = await plain.HelloAsync("alice", AccountClients.Password, register: true);
        await using var secure = await RawClient.ConnectTlsAsync(server.TlsPort, server.Server.CertificateFingerprint!, remote: address);
        var registered = await secure.SignInAsync("alice", register: true);
        await secure.SendAsync(new PasswordFrame(AccountClients.Password, "a brand new password"));
        var changed = await secure.ExpectAsync<PasswordFrame>();
        await using var device = await RawClient.ConnectTlsAsync(server.TlsPort, server.Server.CertificateFingerprint!, remote: address);
        var signedIn = await device.SignInAsync("alice", "a brand new password");

        Assert.Equal(ErrorCodes.TlsRequired, Assert.IsType<ErrorFrame>(refused).Code);
        Assert.True(registered.Account);
        Assert.Equal(PasswordFrame.Confirmation, changed);
        Assert.True(signedIn.Account);
        Assert.False(IPAddress.IsLoopback(((IPEndPoint)secure.Socket.LocalEndPoint!).Address));
    }

    [Fact]
    public async Task Shutdown_reaches_members_on_the_tls_port_inside_tls()
    {
        using var certificates = new TestCertificates();
        var server = await TlsServers.StartAsync(certificates);
        await using var alice = await server.ConnectTlsAsync();
        await alice.JoinAsync("alice");

        await server.DisposeAsync();
        var rest = await alice.ReadToEndAsync();

        Assert.IsType<ShutdownFrame>(Assert.Single(rest));
    }
}
