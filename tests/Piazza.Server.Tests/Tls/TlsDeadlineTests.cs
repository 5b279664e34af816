using System.Net.Security;
using System.Net.Sockets;

namespace Piazza.Server.Tests;

/// <summary>
/// The TLS handshake counts against the hello deadline (protocol §11, §15): it runs on the
/// connection's own task, and a client that never completes it is closed by the same deadline
/// as one that never says hello. On the fake clock: nothing here depends on how fast the machine is.
/// </summary>
public sealed class TlsDeadlineTests
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_client_that_opens_a_connection_to_the_tls_port_and_sends_nothing_is_closed_at_the_hello_timeout()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { HelloTimeout = HelloTimeout }, TestServer.NewFakeClock());
        await using var silent = await RawClient.ConnectAsync(server.TlsPort);
        await Eventually.TrueAsync(() => server.Server.LinkCount == 1, what: "the server holding the connection");

        server.Clock.Advance(HelloTimeout - TimeSpan.FromSeconds(1));
        var stillOpen = server.Server.ConnectionCount;
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var rest = await silent.ReadToEndAsync();

        Assert.Equal(1, stillOpen);
        Assert.Empty(rest);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 0);
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("did not complete the TLS handshake in time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handshake_begun_and_never_finished_is_closed_at_the_hello_timeout()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { HelloTimeout = HelloTimeout }, TestServer.NewFakeClock());
        await using var stalled = await RawClient.ConnectAsync(server.TlsPort);
        await Eventually.TrueAsync(() => server.Server.LinkCount == 1, what: "the server holding the connection");

        // The start of a TLS record: the server is now waiting inside the handshake.
        await stalled.SendRawAsync(new byte[] { 0x16, 0x03, 0x01, 0x01, 0x00, 0x01 });
        server.Clock.Advance(HelloTimeout);
        var rest = await stalled.ReadToEndAsync();

        Assert.Empty(rest);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_slow_handshake_leaves_only_the_rest_of_the_deadline_for_hello_and_the_timeout_comes_inside_tls()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { HelloTimeout = HelloTimeout }, TestServer.NewFakeClock());
        await using var client = await RawClient.ConnectAsync(server.TlsPort);
        await Eventually.TrueAsync(() => server.Server.LinkCount == 1, what: "the server holding the connection");

        // The handshake finishes a second before the deadline that started at connecting.
        server.Clock.Advance(HelloTimeout - TimeSpan.FromSeconds(1));
        await using var tls = new SslStream(new NetworkStream(client.Socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                CertificateFingerprint.Of(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate!)) == server.Server.CertificateFingerprint,
        }, TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        using var reader = new StreamReader(tls);
        // A round trip proves the server's side of the handshake is over too (a ping is not a hello).
        await tls.WriteAsync("{\"type\":\"ping\"}\n"u8.ToArray(), timeout.Token);
        var pong = await reader.ReadLineAsync(timeout.Token);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var rest = await reader.ReadToEndAsync(timeout.Token);

        Assert.Equal(PongFrame.Instance, Decode(pong!));
        var error = Assert.IsType<ErrorFrame>(Decode(rest.TrimEnd('\n')));
        Assert.Equal(ErrorCodes.HelloTimeout, error.Code);
    }

    private static Frame? Decode(string line) =>
        FrameDecoder.Parse(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(line))).Frame;
}
