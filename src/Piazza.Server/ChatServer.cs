using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// The Piazza server: listens, admits connections within the caps, runs the heartbeat, and shuts
/// down gracefully. Each connection runs its own reader and writer loops on the thread pool.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    private const int ListenBacklog = 4096;

    private readonly ConcurrentDictionary<long, Connection> _connections = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _perAddressLock = new();
    private readonly Lock _stopLock = new();
    private readonly MemoryTrimmer _trimmer = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private ITimer? _heartbeat;
    private int _heartbeatRunning;
    private int _connectionCount;
    private long _nextConnectionId;
    private volatile bool _stopping;
    private Task? _stopTask;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public ChatServer(ServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Piazza.Server");
        Room = new Room(options, Time);
    }

    /// <summary>The address actually listened on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>Members who have joined and not left.</summary>
    public int MemberCount => Room.MemberCount;

    /// <summary>Open connections, joined or not.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    internal ServerOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal Room Room { get; }

    /// <summary>Binds the listening socket and starts accepting.</summary>
    /// <exception cref="ServerStartException">The host does not resolve, is not on this machine, or the port is taken.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var address = await ResolveAsync(Options.Host, cancellationToken);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(address, Options.Port));
            listener.Listen(ListenBacklog);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new ServerStartException(DescribeBindFailure(ex, address), ex);
        }

        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        var period = HeartbeatPeriod(Options);
        _heartbeat = Time.CreateTimer(static state => ((ChatServer)state!).Heartbeat(), this, period, period);
        _acceptLoop = AcceptLoopAsync(listener);
        Logger.Listening(LocalEndPoint);
    }

    /// <summary>
    /// Graceful shutdown: stop accepting, send every connection <c>shutdown</c>, let writers flush
    /// for <see cref="ServerOptions.ShutdownGrace"/>, then cut what is left. Safe to call twice.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            _stopTask ??= StopCoreAsync();
        }

        return _stopTask.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    internal void OnConnectionClosed(Connection connection)
    {
        if (_connections.TryRemove(connection.Id, out _))
        {
            Interlocked.Decrement(ref _connectionCount);
            ReleaseAddress(connection.Remote.Address);
        }
    }

    private async Task StopCoreAsync()
    {
        if (_listener is null)
        {
            return;
        }

        Logger.Stopping(ConnectionCount);
        _stopping = true;
        _listener.Dispose();
        Room.BeginShutdown();
        var open = _connections.Values.ToArray();
        foreach (var connection in open)
        {
            connection.Close(CloseReasons.Shutdown, StockFrames.Shutdown);
        }

        try
        {
            // Each connection bounds its own flush; this is the backstop on the real clock.
            await Task.WhenAll(open.Select(c => c.Completion))
                .WaitAsync(Options.ShutdownGrace + TimeSpan.FromSeconds(0.5), TimeProvider.System);
        }
        catch (TimeoutException)
        {
            Logger.ShutdownForced(open.Count(c => !c.Completion.IsCompleted));
        }

        await _acceptLoop;
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        Logger.Stopped();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync();
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
                Logger.AcceptFailed(ex, ex.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
                continue;
            }

            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
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
            return;
        }

        if (_stopping)
        {
            socket.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _connectionCount) > Options.MaxConnections)
        {
            Interlocked.Decrement(ref _connectionCount);
            Logger.ConnectionRefused(remote, ErrorCodes.ServerFull);
            _ = RefuseAsync(socket, StockFrames.ServerFull);
            return;
        }

        if (!TryClaimAddress(remote.Address))
        {
            Interlocked.Decrement(ref _connectionCount);
            Logger.ConnectionRefused(remote, ErrorCodes.TooManyConnections);
            _ = RefuseAsync(socket, StockFrames.TooManyConnections);
            return;
        }

        var connection = new Connection(this, socket, Interlocked.Increment(ref _nextConnectionId), remote);
        _connections[connection.Id] = connection;
        connection.Start();
        if (_stopping)
        {
            // Shutdown began while this one was being admitted, after its snapshot of connections.
            connection.Close(CloseReasons.Shutdown, StockFrames.Shutdown);
        }
    }

    /// <summary>Tells a refused client why, at once, then closes; bounded so it cannot pile up.</summary>
    private static async Task RefuseAsync(Socket socket, byte[] error)
    {
        try
        {
            await socket.SendAsync(error, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(1));
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
        {
            // The refused client is gone already; nothing to tell it.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private bool TryClaimAddress(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        lock (_perAddressLock)
        {
            _perAddress.TryGetValue(address, out var count);
            if (count >= Options.MaxConnectionsPerIp)
            {
                return false;
            }

            _perAddress[address] = count + 1;
            return true;
        }
    }

    private void ReleaseAddress(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        lock (_perAddressLock)
        {
            if (_perAddress.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(address);
                }
                else
                {
                    _perAddress[address] = count - 1;
                }
            }
        }
    }

    private void Heartbeat()
    {
        // Timer callbacks can overlap when a scan of many connections runs long: skip, don't pile up.
        if (Interlocked.Exchange(ref _heartbeatRunning, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Time.GetTimestamp();
            foreach (var pair in _connections)
            {
                pair.Value.CheckLiveness(now);
            }

            if (_trimmer.Check() is { } trim)
            {
                Logger.MemoryTrimmed(trim.CommittedBefore >> 10, trim.CommittedAfter >> 10, trim.Pause.TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            Logger.HeartbeatFailed(ex);
        }
        finally
        {
            Volatile.Write(ref _heartbeatRunning, 0);
        }
    }

    /// <summary>Fine enough to honour the shortest configured interval, at most once a second.</summary>
    internal static TimeSpan HeartbeatPeriod(ServerOptions options)
    {
        var shortest = new[] { options.PingInterval, options.Timeout, options.HelloTimeout, options.SendTimeout }.Min();
        var period = shortest / 4;
        return period < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10)
            : period > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
            : period;
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var verdict = EndpointRules.ValidateHost(host);
        if (!verdict.IsValid)
        {
            throw new ServerStartException($"--host: {verdict.Message}");
        }

        if (EndpointRules.TryParseAddress(host, out var address))
        {
            return address!;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new ServerStartException($"--host: the name '{host}' does not resolve to an address ({ex.Message}).", ex);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new ServerStartException($"--host: the name '{host}' does not resolve to an address.");
    }

    private string DescribeBindFailure(SocketException ex, IPAddress address) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"--port: port {Options.Port} is already in use on {address}; stop the other program or choose another port.",
        SocketError.AddressNotAvailable =>
            $"--host: {address} is not an address of this machine; use one of its own addresses, 127.0.0.1, or 0.0.0.0 for all.",
        SocketError.AccessDenied =>
            $"--port: port {Options.Port} needs privileges this user does not have; choose a port above 1023.",
        _ => $"--host/--port: cannot listen on {address}:{Options.Port} ({ex.Message}).",
    };
}
