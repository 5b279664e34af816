using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// A raw TCP listener on 127.0.0.1:0 that hands each accepted connection to the test, which then
/// plays the server frame by frame, including the ways a server can misbehave.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Channel<FakePeer> _accepted = Channel.CreateUnbounded<FakePeer>();
    private readonly List<FakePeer> _peers = [];
    private readonly Task _acceptLoop;
    private int _acceptedCount;

    private FakeServer(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    public static FakeServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new FakeServer(listener);
    }

    /// <summary>The next accepted connection, waiting at most <paramref name="timeout"/> (<see cref="Wait.Default"/> when null).</summary>
    public async Task<FakePeer> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        try
        {
            return await _accepted.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No client connected to the fake server in time.");
        }
    }

    /// <summary>
    /// Accepts the next connection, reads its hello and welcomes it; then opens each room the hello
    /// named (the default room when it named none) with <paramref name="others"/> in it, each at
    /// <paramref name="lastId"/> (the client's own joined) in epoch <see cref="Fake.Epoch"/>.
    /// </summary>
    public async Task<(FakePeer Peer, Piazza.Protocol.HelloFrame Hello)> AcceptAndWelcomeAsync(
        string[]? others = null, Piazza.Protocol.ServerLimits? limits = null, long lastId = 1)
    {
        var peer = await AcceptAsync();
        var hello = await peer.ExpectAsync<Piazza.Protocol.HelloFrame>();
        await peer.WelcomeOnlyAsync(hello.User, limits);
        foreach (var room in hello.Rooms?.Keys ?? [Fake.Room])
        {
            await peer.OpenRoomAsync(room, [.. others ?? [], hello.User], lastId);
        }

        return (peer, hello);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _acceptLoop;
        FakePeer[] peers;
        lock (_peers)
        {
            peers = [.. _peers];
        }

        foreach (var peer in peers)
        {
            await peer.DisposeAsync();
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                var peer = new FakePeer(socket);
                lock (_peers)
                {
                    _peers.Add(peer);
                }

                Interlocked.Increment(ref _acceptedCount);
                _accepted.Writer.TryWrite(peer);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
