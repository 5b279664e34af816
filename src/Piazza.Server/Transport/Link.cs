using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Server.Transport;

/// <summary>
/// One client connection as bytes: one reader loop, one writer loop and one bounded outbound
/// queue over a <see cref="Stream"/> (a plain socket stream, or TLS around it), and one place
/// where it ends (<see cref="Close"/>, which runs once). It knows no protocol: lines go to the
/// door's <see cref="ILinkHandler"/>, and only the writer loop writes to the stream.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A link disposes its stream, socket and cancellation sources itself when its loops end (RunAsync); nothing else owns it.")]
internal sealed partial class Link
{
    private readonly Socket _socket;
    private readonly LinkSettings _settings;
    private readonly ILogger _logger;
    private readonly long _connectedAt;
    private readonly TlsAcceptor? _tls;
    private readonly CancellationTokenSource? _opening;
    private Stream _stream;
    private volatile bool _handshaking;
    private volatile bool _encrypted;
    private ILinkHandler _handler = NullHandler.Instance;
    private TokenBucket _bucket;
    private CancellationTokenSource? _pauseCancellation;
    private long _lastReceived;
    private long _lastPingSent;
    private long _sendStartedAt;
    private int _closing;
    private int _evicting;
    private string? _closeReason;

    /// <summary>A link over an accepted socket; with <paramref name="tls"/>, the port speaks TLS.</summary>
    /// <param name="socket">The accepted socket; the link owns it from now on.</param>
    /// <param name="id">A number for logs, unique in this process.</param>
    /// <param name="remote">The peer's address.</param>
    /// <param name="settings">The limits and clock of the listener.</param>
    /// <param name="logger">Where the link logs.</param>
    /// <param name="tls">
    /// For a TLS port: the handshake runs first, on the link's own task (never on the accept
    /// loop), and counts against the hello deadline.
    /// </param>
    public Link(Socket socket, long id, IPEndPoint remote, LinkSettings settings, ILogger logger, TlsAcceptor? tls = null)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _tls = tls;
        if (tls is not null)
        {
            _handshaking = true;
            _opening = new CancellationTokenSource();
        }

        _settings = settings;
        _logger = logger;
        Id = id;
        Remote = remote;
        Queue = new OutboundQueue(settings.SendQueueBytes);
        _connectedAt = _lastReceived = _lastPingSent = settings.Time.GetTimestamp();
        _bucket = new TokenBucket(settings.RateBurst, settings.RatePerSecond, _connectedAt);
        Completion = Task.CompletedTask;
    }

    /// <summary>A number for logs, unique in this process.</summary>
    public long Id { get; }

    /// <summary>The peer's address (IPv4-mapped addresses shown as IPv4).</summary>
    public IPEndPoint Remote { get; }

    /// <summary>
    /// True once the TLS handshake has completed: only then may a password come from another
    /// machine. A link on a plain-text port never is.
    /// </summary>
    public bool IsEncrypted => _encrypted;

    /// <summary>True when the peer is on this machine (a loopback address), where plain text never leaves it.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Remote.Address);

    /// <summary>Frames waiting for the writer loop.</summary>
    public OutboundQueue Queue { get; }

    /// <summary>True from the moment <see cref="Close"/> starts.</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Why the link closed (a leave reason), once it has.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes when both loops have ended and the socket is released.</summary>
    public Task Completion { get; private set; }

    /// <summary>Called when the loops have ended and the socket is released.</summary>
    public Action<Link>? Closed { get; init; }

    private TimeProvider Time => _settings.Time;

    /// <summary>Starts the loops with <paramref name="handler"/> reading the lines.</summary>
    public void Start(ILinkHandler handler)
    {
        _handler = handler;
        Hosting.ServerMetrics.ConnectionsOpened.Add(1, new KeyValuePair<string, object?>("door", handler.Door));
        Completion = RunAsync();
    }

    /// <summary>The door this connection speaks (<c>ndjson</c>), for metrics.</summary>
    public string Door => _handler.Door;

    /// <summary>True once the peer has joined.</summary>
    public bool HasJoined => _handler.HasJoined;

    /// <summary>Queues bytes for this connection only; a full queue evicts it as too slow.</summary>
    public void Send(byte[] frame)
    {
        if (Queue.Enqueue(frame) == EnqueueResult.Overflow)
        {
            EvictSlow();
        }
    }

    /// <summary>Queues bytes whatever the cap (a newcomer's welcome and replay, a last answer).</summary>
    public void SendUncapped(byte[] frame) => Queue.Enqueue(frame, ignoreCap: true);

    /// <summary>
    /// Ends the connection, once: tells the door (which leaves the chat with
    /// <paramref name="reason"/>), queues an optional last frame, lets the writer flush and stops
    /// the reader.
    /// </summary>
    public void Close(string reason, byte[]? lastFrame = null)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        if (_handler.OnClosing(reason) is { IsCompleted: false } draining)
        {
            // What was stored before the peer's departure still reaches it; then the end.
            _ = draining.ContinueWith(static (_, state) => ((OutboundQueue)state!).Complete(), Queue,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (lastFrame is not null)
            {
                Queue.Enqueue(lastFrame, ignoreCap: true);
            }
        }
        else
        {
            Queue.Complete(lastFrame);
        }
        try
        {
            _pauseCancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The reader finished its pause in the meantime.
        }

        try
        {
            // A handshake still running ends here (the deadline, a shutdown).
            _opening?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The link has ended already.
        }

        try
        {
            // Wakes a reader waiting for data: it sees end of stream.
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to wake.
        }
    }

    /// <summary>The queue overflowed or the socket took nothing for too long.</summary>
    public void EvictSlow()
    {
        // Several broadcasts can find the queue full at once: one of them evicts (and logs).
        if (IsClosing || Interlocked.Exchange(ref _evicting, 1) != 0)
        {
            return;
        }

        _logger.SlowConsumerEvicted(Id, Queue.QueuedBytes);
        Close(LeaveReasons.Slow, _handler.TooSlowBytes);
    }

    /// <summary>Heartbeat: called about once a second with the current timestamp.</summary>
    public void CheckLiveness(long now)
    {
        if (IsClosing)
        {
            return;
        }

        if (!_handler.HasJoined)
        {
            if (Time.GetElapsedTime(_connectedAt, now) >= _settings.HelloTimeout)
            {
                if (_handshaking)
                {
                    // No TLS yet, so nothing can be said: the handshake is cut and the socket closed.
                    _logger.TlsHandshakeTimedOut(Id, Remote);
                    Close(LeaveReasons.Timeout);
                }
                else
                {
                    _handler.OnHelloTimeout();
                }
            }

            return;
        }

        var sendStarted = Volatile.Read(ref _sendStartedAt);
        if (sendStarted != 0 && Time.GetElapsedTime(sendStarted, now) >= _settings.SendTimeout)
        {
            EvictSlow();
            return;
        }

        var silence = Time.GetElapsedTime(Volatile.Read(ref _lastReceived), now);
        if (silence >= _settings.Timeout)
        {
            _handler.OnIdleTimeout();
            return;
        }

        if (silence >= _settings.PingInterval && Time.GetElapsedTime(_lastPingSent, now) >= _settings.PingInterval)
        {
            _lastPingSent = now;
            Send(_handler.PingBytes);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            if (_tls is null || await SecureAsync())
            {
                await RunLoopsAsync();
            }
        }
        finally
        {
            await DisposeStreamAsync();
            _socket.Dispose();
            _pauseCancellation?.Dispose();
            _opening?.Dispose();
            Queue.Clear();
            Hosting.ServerMetrics.ConnectionClosed(CloseReason);
            Closed?.Invoke(this);
        }
    }

    private async Task RunLoopsAsync()
    {
        var writer = WriteLoopAsync();
        string reason;
        try
        {
            reason = await ReadLoopAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = LeaveReasons.Lost;
        }
        catch (Exception ex)
        {
            _logger.ConnectionFailed(ex, Id);
            reason = LeaveReasons.Error;
        }

        Close(reason);
        try
        {
            // A flush deadline bounds real I/O, so it runs on the real clock: under a fake clock
            // a peer that never reads could otherwise hold the connection forever.
            await writer.WaitAsync(_settings.ShutdownGrace, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            // The peer is not reading, or what it is still owed (a goodbye's departure that the
            // store has not taken yet) is not coming in time: end the queue and cut the socket;
            // the writer's pending write fails, or its wait ends, and it stops.
            Queue.Complete();
            _socket.Dispose();
            await writer;
        }
    }

    private async ValueTask DisposeStreamAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone; there is nothing left to flush.
        }
    }

    /// <summary>Before <see cref="Start"/>: the handler that does nothing.</summary>
    private sealed class NullHandler : ILinkHandler
    {
        public static readonly NullHandler Instance = new();

        public int MaxLineBytes => 1;

        public bool HasJoined => false;

        public byte[] PingBytes => [];

        public byte[] TooSlowBytes => [];

        public ValueTask<bool> OnLineAsync(System.Buffers.ReadOnlySequence<byte> line) => new(false);

        public void OnLineTooLong()
        {
        }

        public void OnHelloTimeout()
        {
        }

        public void OnTransportMismatch(bool portSpeaksTls)
        {
        }

        public void OnIdleTimeout()
        {
        }

        public Task? OnClosing(string reason) => null;
    }
}
