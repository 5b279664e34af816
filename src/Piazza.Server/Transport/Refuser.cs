using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Piazza.Server.Transport;

/// <summary>
/// Tells a client the server will not take it (full, too many from its address) and closes, in
/// the transport of its port: on a TLS port the handshake runs first and the refusal goes inside
/// TLS. Bounded: each TLS refusal has <see cref="Bound"/> in all (real time: it bounds I/O), and at
/// most <see cref="MaxInFlight"/> TLS refusals run at once; beyond that a refused client is closed
/// without a word, so a flood at a full server cannot make it spend its processors on handshakes.
/// </summary>
internal sealed class Refuser(TlsAcceptor? tls, ILogger logger)
{
    /// <summary>The time one refusal may take on a TLS port, handshake included.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>The time one refusal may take on a plain-text port: one small send.</summary>
    private static readonly TimeSpan PlainBound = TimeSpan.FromSeconds(1);

    /// <summary>TLS refusals handshaking at once.</summary>
    public const int MaxInFlight = 64;

    private int _inFlight;

    /// <summary>Sends <paramref name="frame"/> and closes <paramref name="socket"/>, without waiting.</summary>
    public void Refuse(Socket socket, IPEndPoint remote, byte[] frame)
    {
        if (tls is null)
        {
            _ = RefusePlainAsync(socket, frame);
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            socket.Dispose();
            return;
        }

        _ = RefuseInTlsAsync(socket, remote, frame);
    }

    private static async Task RefusePlainAsync(Socket socket, byte[] frame)
    {
        try
        {
            using var bound = new CancellationTokenSource(PlainBound);
            await socket.SendAsync(frame, SocketFlags.None, bound.Token);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The refused client is gone already; nothing to tell it.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task RefuseInTlsAsync(Socket socket, IPEndPoint remote, byte[] frame)
    {
        try
        {
            using var bound = new CancellationTokenSource(Bound);
            switch (await TlsAcceptor.PeekAsync(socket, bound.Token))
            {
                case FirstByte.None:
                    return;
                case FirstByte.Other:
                    // A plain-text client on the TLS port: it can read the refusal only in plain text.
                    await socket.SendAsync(frame, SocketFlags.None, bound.Token);
                    socket.Shutdown(SocketShutdown.Both);
                    return;
            }

            await using var stream = await tls!.AuthenticateAsync(new NetworkStream(socket, ownsSocket: false), bound.Token);
            await stream.WriteAsync(frame, bound.Token);
            await stream.ShutdownAsync();
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            logger.TlsRefusalUndelivered(remote, TlsAcceptor.Describe(ex));
        }
        finally
        {
            socket.Dispose();
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
