using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Transport;

/// <summary>
/// TLS for a listening port: the certificate and the rules of the handshake (TLS 1.2 or 1.3, no
/// client certificate, no renegotiation). Any listener that serves TLS hands its accepted sockets
/// to <see cref="Link"/> with one of these; one instance serves every connection of every port
/// that shares the certificate.
/// </summary>
internal sealed class TlsAcceptor
{
    /// <summary>The only versions spoken: TLS 1.0 and 1.1 are refused in the handshake.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The first byte of every TLS handshake record (a ClientHello starts with it); no JSON line does.</summary>
    public const byte HandshakeRecord = 0x16;

    private volatile SslServerAuthenticationOptions _options;
    private volatile ServerCertificate _certificate;

    public TlsAcceptor(ServerCertificate certificate)
    {
        _certificate = certificate;
        _options = OptionsFor(certificate);
    }

    public ServerCertificate Certificate => _certificate;

    /// <summary>
    /// Serves <paramref name="certificate"/> from the next handshake on (a reload after renewal);
    /// the old one is returned, still valid for handshakes under way, for the caller to keep or drop.
    /// </summary>
    public ServerCertificate Replace(ServerCertificate certificate)
    {
        var old = _certificate;
        _options = OptionsFor(certificate);
        _certificate = certificate;
        return old;
    }

    private static SslServerAuthenticationOptions OptionsFor(ServerCertificate certificate) => new()
    {
        ServerCertificateContext = certificate.Context,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    /// <summary>
    /// Waits, without taking it, for the peer's first byte: whether it begins a TLS handshake,
    /// speaks something else (plain text on a TLS port), or closed without a word.
    /// </summary>
    public static async Task<FirstByte> PeekAsync(Socket socket, CancellationToken ct)
    {
        var probe = new byte[1];
        var received = await socket.ReceiveAsync(probe, SocketFlags.Peek, ct);
        return received == 0 ? FirstByte.None : probe[0] == HandshakeRecord ? FirstByte.Tls : FirstByte.Other;
    }

    /// <summary>
    /// The server side of the handshake over <paramref name="inner"/>. The encrypted stream it
    /// returns owns <paramref name="inner"/>; on failure <paramref name="inner"/> is disposed.
    /// </summary>
    /// <exception cref="AuthenticationException">The peer's handshake was refused (an old TLS version, nothing in common).</exception>
    /// <exception cref="IOException">The peer closed or broke the connection during the handshake.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> ended it (the deadline, a close).</exception>
    public async Task<SslStream> AuthenticateAsync(Stream inner, CancellationToken ct)
    {
        var stream = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsServerAsync(_options, ct);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>A handshake failure as a clause for the log: the innermost message, which names the TLS alert.</summary>
    public static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message.Trim().TrimEnd('.');
    }
}

/// <summary>What a peer's first byte says about the transport it speaks.</summary>
internal enum FirstByte
{
    /// <summary>It closed before sending anything.</summary>
    None,

    /// <summary>A TLS handshake record.</summary>
    Tls,

    /// <summary>Anything else: on a TLS port, plain text.</summary>
    Other,
}
