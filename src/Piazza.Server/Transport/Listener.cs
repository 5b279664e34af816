using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Piazza.Server.Transport;

/// <summary>
/// A listening socket and its accept loop: every accepted socket, with its normalised remote
/// address, goes to the callback given at start. Binding failures become sentences naming the option
/// the operator should change.
/// </summary>
internal sealed class Listener : IAsyncDisposable
{
    private const int ListenBacklog = 4096;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly Action<Socket, IPEndPoint> _accepted;
    private Task _acceptLoop = Task.CompletedTask;
    private volatile bool _stopping;

    private Listener(Socket socket, ILogger logger, Action<Socket, IPEndPoint> accepted)
    {
        _socket = socket;
        _logger = logger;
        _accepted = accepted;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The address actually listened on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/> and starts accepting.</summary>
    /// <param name="address">The address to listen on.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="logger">Where accept failures are logged.</param>
    /// <param name="accepted">Receives every accepted socket with its remote address.</param>
    /// <param name="portOption">The option that chose the port, for error sentences (<c>--port</c>).</param>
    /// <exception cref="ServerStartException">The address is not on this machine, or the port is taken or privileged.</exception>
    public static Listener Start(IPAddress address, int port, string portOption, ILogger logger, Action<Socket, IPEndPoint> accepted)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(ListenBacklog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ServerStartException(DescribeBindFailure(ex, address, port, portOption), ex);
        }

        var listener = new Listener(socket, logger, accepted);
        listener._acceptLoop = listener.AcceptLoopAsync();
        return listener;
    }

    /// <summary>Stops accepting; connections already accepted are not touched.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _socket.Dispose();
        await _acceptLoop;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping)
        {
            Socket socket;
            try
            {
                socket = await _socket.AcceptAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException || (ex is SocketException && _stopping))
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued in the backlog: nothing to serve.
                continue;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors, say: keep serving the connections we have, and retry
                // after a pause on the real clock (an I/O retry, not logic a fake clock drives).
                _logger.AcceptFailed(ex, ex.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
                continue;
            }

            IPEndPoint remote;
            try
            {
                socket.NoDelay = true;
                remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
            }
            catch (SocketException)
            {
                // Reset before we looked at it.
                socket.Dispose();
                continue;
            }

            if (_stopping)
            {
                socket.Dispose();
                return;
            }

            _accepted(socket, remote);
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static string DescribeBindFailure(SocketException ex, IPAddress address, int port, string portOption) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"{portOption}: port {port} is already in use on {address}; stop the other program or choose another port.",
        SocketError.AddressNotAvailable =>
            $"--host: {address} is not an address of this machine; use one of its own addresses, 127.0.0.1, or 0.0.0.0 for all.",
        SocketError.AccessDenied =>
            $"{portOption}: port {port} needs privileges this user does not have; choose a port above 1023.",
        _ => $"--host/{portOption}: cannot listen on {address}:{port} ({ex.Message}).",
    };
}
