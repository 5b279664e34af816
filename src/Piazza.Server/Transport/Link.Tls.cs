using System.Net.Sockets;
using System.Security.Authentication;
using Piazza.Protocol;

namespace Piazza.Server.Transport;

internal sealed partial class Link
{
    /// <summary>
    /// On a TLS port, before the loops: waits for the peer's first byte and runs the handshake,
    /// on this link's task, until the hello deadline (the heartbeat then closes the link, which
    /// cancels it). True when the loops should run: encrypted, or plain text, which the reader
    /// then answers by telling the door the port speaks TLS.
    /// </summary>
    private async Task<bool> SecureAsync()
    {
        var ct = _opening!.Token;
        try
        {
            switch (await TlsAcceptor.PeekAsync(_socket, ct))
            {
                case FirstByte.None:
                    Close(LeaveReasons.Lost);
                    return false;
                case FirstByte.Other:
                    _handshaking = false;
                    return true;
            }

            var tls = await _tls!.AuthenticateAsync(_stream, ct);
            _stream = tls;
            _encrypted = true;
            _handshaking = false;
            _logger.TlsEstablished(Id, Remote, Describe(tls.SslProtocol), tls.NegotiatedCipherSuite.ToString());
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Closed while handshaking (the deadline, a shutdown): Close has run already.
            return false;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            if (!IsClosing)
            {
                _logger.TlsHandshakeFailed(Id, Remote, TlsAcceptor.Describe(ex));
            }

            Close(LeaveReasons.Error);
            return false;
        }
    }

    private static string Describe(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };
}
