using System.Net;
using System.Net.Sockets;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>Resolves the host and opens the TCP connection, turning every failure into a sentence.</summary>
internal static class Dialer
{
    /// <summary>Either a connected socket (Nagle off: chat frames are small and latency matters) or why not.</summary>
    public static async Task<(Socket? Socket, ConnectFailure? Failure)> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var endpoint = Sentences.Endpoint(host, port);
        IPAddress[] addresses;
        if (EndpointRules.TryParseAddress(host, out var literal))
        {
            addresses = [literal!];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException ex)
            {
                return (null, Sentences.LookupFailed(host, endpoint, ex.SocketErrorCode, ex.Message));
            }

            if (addresses.Length == 0)
            {
                return (null, Sentences.LookupFailed(host, endpoint, SocketError.HostNotFound, ""));
            }
        }

        // Try each address in turn, as a name may resolve to ::1 first while the server listens
        // on 127.0.0.1 only; report the last failure if none answers.
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct);
                return (socket, null);
            }
            catch (SocketException ex)
            {
                last = ex;
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return (null, Sentences.ConnectFailed(endpoint, last!.SocketErrorCode, last.Message));
    }
}
