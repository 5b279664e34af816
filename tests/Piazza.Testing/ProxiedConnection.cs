using System.Net.Sockets;
using System.Threading.Channels;

namespace Piazza.Testing;

/// <summary>
/// One client's path through a <see cref="FaultProxy"/>: two sockets and two pumps, one per
/// direction. Every fault is a switch on this object and can be thrown at any moment.
/// </summary>
public sealed class ProxiedConnection
{
    private const int ChunkBytes = 16 * 1024;

    private readonly Socket _client;
    private readonly Socket _server;
    private readonly Pump _up;
    private readonly Pump _down;
    private int _aborted;

    internal ProxiedConnection(Socket client, Socket server)
    {
        _client = client;
        _server = server;
        _up = new Pump(this, client, server);
        _down = new Pump(this, server, client);
        Completion = Task.CompletedTask;
    }

    /// <summary>Completes when both directions have ended.</summary>
    public Task Completion { get; private set; }

    /// <summary>Delay added to every chunk, each direction.</summary>
    public TimeSpan Latency
    {
        get => _up.Latency;
        set => _up.Latency = _down.Latency = value;
    }

    /// <summary>Bandwidth cap in bytes per second, each direction; null for none.</summary>
    public int? BytesPerSecond
    {
        get => _up.BytesPerSecond;
        set => _up.BytesPerSecond = _down.BytesPerSecond = value;
    }

    /// <summary>True once <see cref="Reset"/> (or a failure on either side) tore both sockets down.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Bytes delivered so far in <paramref name="direction"/>.</summary>
    public long BytesForwarded(ProxyDirection direction) => PumpFor(direction).Forwarded;

    /// <summary>Stops forwarding one way, and stops reading that way so TCP backpressure builds. Nothing is closed.</summary>
    public void Stall(ProxyDirection direction) => PumpFor(direction).Stall();

    /// <summary>Undoes <see cref="Stall"/>.</summary>
    public void Resume(ProxyDirection direction) => PumpFor(direction).Resume();

    /// <summary>
    /// A half-open connection: bytes stop both ways and nothing is closed, as when a cable is
    /// pulled or a NAT forgets the flow. Only a heartbeat can notice.
    /// </summary>
    public void CutSilently()
    {
        _up.Stall();
        _down.Stall();
    }

    /// <summary>
    /// Half-closes one way: the receiving side of <paramref name="direction"/> sees end of stream
    /// (a FIN) after what is in flight; the other direction keeps flowing.
    /// </summary>
    public void HalfClose(ProxyDirection direction) => PumpFor(direction).Finish();

    /// <summary>Resets both sides (RST, via a zero linger), as when a host crashes or a firewall rejects.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        foreach (var socket in new[] { _client, _server })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed: a reset has nothing left to tear.
            }

            socket.Dispose();
        }

        _up.Abort();
        _down.Abort();
    }

    internal void Start() => Completion = RunAsync();

    private async Task RunAsync()
    {
        await Task.WhenAll(_up.RunAsync(), _down.RunAsync());
        _client.Dispose();
        _server.Dispose();
    }

    private Pump PumpFor(ProxyDirection direction) => direction == ProxyDirection.ClientToServer ? _up : _down;

    /// <summary>One direction: a reader that fills a small bounded channel, a writer that drains it with the faults applied.</summary>
    private sealed class Pump(ProxiedConnection owner, Socket source, Socket destination)
    {
        private readonly Channel<(byte[] Data, int Length, long ReadAt)> _chunks =
            Channel.CreateBounded<(byte[], int, long)>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });

        private readonly CancellationTokenSource _finish = new();
        private readonly Lock _gateLock = new();
        private TaskCompletionSource _open = Completed();
        private long _forwarded;

        public TimeSpan Latency { get; set; }

        public int? BytesPerSecond { get; set; }

        public long Forwarded => Interlocked.Read(ref _forwarded);

        public void Stall()
        {
            lock (_gateLock)
            {
                if (_open.Task.IsCompleted)
                {
                    _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        public void Resume()
        {
            lock (_gateLock)
            {
                _open.TrySetResult();
            }
        }

        public void Finish() => _finish.Cancel();

        public void Abort()
        {
            _finish.Cancel();
            Resume();
        }

        public async Task RunAsync()
        {
            var reader = ReadAsync();
            await WriteAsync();
            await reader;
        }

        private Task Gate()
        {
            lock (_gateLock)
            {
                return _open.Task;
            }
        }

        private async Task ReadAsync()
        {
            try
            {
                while (true)
                {
                    await Gate().WaitAsync(_finish.Token);
                    var buffer = new byte[ChunkBytes];
                    var read = await source.ReceiveAsync(buffer, SocketFlags.None, _finish.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    await _chunks.Writer.WriteAsync((buffer, read, Environment.TickCount64), _finish.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Reset by a peer, torn down by Reset(), or half-closed on command.
                if (ex is SocketException && !owner.IsAborted)
                {
                    // A reset on one side becomes a reset on the other, as a real path would carry it.
                    owner.Reset();
                }
            }
            finally
            {
                _chunks.Writer.TryComplete();
            }
        }

        private async Task WriteAsync()
        {
            try
            {
                await foreach (var (data, length, readAt) in _chunks.Reader.ReadAllAsync())
                {
                    var due = readAt + (long)Latency.TotalMilliseconds - Environment.TickCount64;
                    if (due > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(due));
                    }

                    var offset = 0;
                    while (offset < length)
                    {
                        await Gate();
                        if (owner.IsAborted)
                        {
                            return;
                        }

                        var slice = BytesPerSecond is { } rate ? Math.Max(1, Math.Min(length - offset, rate / 20)) : length - offset;
                        var sent = await destination.SendAsync(data.AsMemory(offset, slice), SocketFlags.None);
                        offset += sent;
                        Interlocked.Add(ref _forwarded, sent);
                        if (BytesPerSecond is { } limit)
                        {
                            await Task.Delay(TimeSpan.FromSeconds((double)sent / limit));
                        }
                    }
                }

                if (!owner.IsAborted)
                {
                    // The source ended (or the test half-closed this way): pass the FIN on.
                    destination.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (!owner.IsAborted)
                {
                    owner.Reset();
                }
            }
        }

        private static TaskCompletionSource Completed()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
