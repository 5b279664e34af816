using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Piazza.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 that sits between clients and a server and breaks the network on
/// command: latency, a bandwidth cap, a stalled direction, a half-close, a reset, or a silent cut
/// (a half-open connection: nothing is closed, bytes just stop). Each accepted client gets its
/// own <see cref="ProxiedConnection"/> to steer.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<int, ProxiedConnection> _byClientPort = new();
    private readonly ConcurrentQueue<ProxiedConnection> _all = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private FaultProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4096);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where clients connect: 127.0.0.1 and a free port.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Every connection accepted so far, open or not.</summary>
    public IReadOnlyList<ProxiedConnection> Connections => [.. _all];

    /// <summary>Starts a proxy in front of <paramref name="target"/>.</summary>
    public static FaultProxy Start(IPEndPoint target) => new(target);

    /// <summary>The proxied connection that carries <paramref name="client"/>.</summary>
    public Task<ProxiedConnection> ConnectionOfAsync(Socket client, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        return Eventually.ValueAsync(() => _byClientPort.GetValueOrDefault(clientPort), timeout, $"the proxy to accept client port {clientPort}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var connection in _all)
        {
            connection.Reset();
        }

        await _acceptLoop;
        await Task.WhenAll(_all.Select(c => c.Completion));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = ConnectUpstreamAsync(client);
        }
    }

    private async Task ConnectUpstreamAsync(Socket client)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server refuses: so does the proxy, the way a dead host would.
            client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            server.Dispose();
            return;
        }

        var connection = new ProxiedConnection(client, server);
        _all.Enqueue(connection);
        _byClientPort[((IPEndPoint)client.RemoteEndPoint!).Port] = connection;
        connection.Start();
    }
}

/// <summary>Which way bytes flow through a <see cref="ProxiedConnection"/>.</summary>
public enum ProxyDirection
{
    ClientToServer,
    ServerToClient,
}
