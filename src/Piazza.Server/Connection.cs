using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// One client connection: one reader loop, one writer loop, one bounded outbound queue, and one
/// place where it ends (<see cref="Close"/>, which runs once).
/// </summary>
internal sealed partial class Connection
{
    private readonly ChatServer _server;
    private readonly Socket _socket;
    private readonly long _connectedAt;
    private TokenBucket _bucket;
    private CancellationTokenSource? _pauseCancellation;
    private long _lastReceived;
    private long _lastPingSent;
    private long _sendStartedAt;
    private int _closing;
    private int _evicting;
    private volatile string? _user;

    public Connection(ChatServer server, Socket socket, long id, IPEndPoint remote)
    {
        _server = server;
        _socket = socket;
        Id = id;
        Remote = remote;
        Queue = new OutboundQueue(server.Options.SendQueueBytes);
        _connectedAt = _lastReceived = _lastPingSent = server.Time.GetTimestamp();
        _bucket = new TokenBucket(server.Options.RateBurst, server.Options.RatePerSecond, _connectedAt);
        Completion = Task.CompletedTask;
    }

    public long Id { get; }

    public IPEndPoint Remote { get; }

    public OutboundQueue Queue { get; }

    /// <summary>The username once joined (kept after leaving, for logs).</summary>
    public string? User => _user;

    /// <summary>Position in the room's member list, or -1; guarded by the room's lock.</summary>
    public int MemberIndex { get; set; } = -1;

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Completes when both loops have ended and the socket is released.</summary>
    public Task Completion { get; private set; }

    private ILogger Logger => _server.Logger;

    private TimeProvider Time => _server.Time;

    public void Start() => Completion = RunAsync();

    /// <summary>Called by the room, under its lock, when the name is granted.</summary>
    public void JoinedAs(string user, int memberIndex)
    {
        _user = user;
        MemberIndex = memberIndex;
    }

    /// <summary>
    /// Ends the connection, once: leaves the room (announced with <paramref name="reason"/>),
    /// queues an optional last frame, lets the writer flush and stops the reader.
    /// </summary>
    public void Close(string reason, byte[]? lastFrame = null)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        // Always through the room's lock, even when no name is held yet: a hello being handled on
        // the reader right now either joins before this and is removed here, or sees IsClosing
        // and is refused. Checking User first would let it join after this point, for good.
        if (_server.Room.Leave(this, reason == CloseReasons.HelloTimeout ? LeaveReasons.Timeout : reason)
            && reason != CloseReasons.Shutdown)
        {
            Logger.MemberLeft(Id, User!, reason);
        }

        Queue.Complete(lastFrame);
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
            // Wakes a reader waiting in ReceiveAsync: it sees end of stream.
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
        // Several broadcasts can find the queue full at once, each outside the room's lock: one
        // of them evicts (and logs); Close alone would run once but the log line would repeat.
        if (IsClosing || Interlocked.Exchange(ref _evicting, 1) != 0)
        {
            return;
        }

        Logger.SlowConsumerEvicted(Id, User ?? "-", Queue.QueuedBytes);
        Close(LeaveReasons.Slow, StockFrames.TooSlow);
    }

    private async Task RunAsync()
    {
        var writer = WriteLoopAsync();
        string reason;
        try
        {
            reason = await ReadLoopAsync();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = LeaveReasons.Lost;
        }
        catch (Exception ex)
        {
            Logger.ConnectionFailed(ex, Id);
            reason = LeaveReasons.Error;
        }

        Close(reason);
        try
        {
            // A flush deadline bounds real I/O, so it runs on the real clock: under a fake clock
            // a peer that never reads could otherwise hold the connection forever.
            await writer.WaitAsync(_server.Options.ShutdownGrace, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            // The peer is not reading: cut it off; the writer's pending send fails and it ends.
            _socket.Dispose();
            await writer;
        }
        finally
        {
            _socket.Dispose();
            _pauseCancellation?.Dispose();
            Queue.Clear();
            _server.OnConnectionClosed(this);
        }
    }

    /// <summary>Heartbeat: called about once a second with the current timestamp.</summary>
    public void CheckLiveness(long now)
    {
        if (IsClosing)
        {
            return;
        }

        var options = _server.Options;
        if (User is null)
        {
            if (Time.GetElapsedTime(_connectedAt, now) >= options.HelloTimeout)
            {
                Logger.HelloTimedOut(Id, Remote);
                Close(CloseReasons.HelloTimeout, StockFrames.HelloTimeout);
            }

            return;
        }

        var sendStarted = Volatile.Read(ref _sendStartedAt);
        if (sendStarted != 0 && Time.GetElapsedTime(sendStarted, now) >= options.SendTimeout)
        {
            EvictSlow();
            return;
        }

        var silence = Time.GetElapsedTime(Volatile.Read(ref _lastReceived), now);
        if (silence >= options.Timeout)
        {
            Close(LeaveReasons.Timeout);
            return;
        }

        if (silence >= options.PingInterval && Time.GetElapsedTime(_lastPingSent, now) >= options.PingInterval)
        {
            _lastPingSent = now;
            Send(StockFrames.Ping);
        }
    }

    /// <summary>Queues a frame for this connection only; a full queue evicts it.</summary>
    private void Send(byte[] frame)
    {
        if (Queue.Enqueue(frame) == EnqueueResult.Overflow)
        {
            EvictSlow();
        }
    }
}

/// <summary>Why a connection closed, where that is not a <see cref="LeaveReasons"/> value.</summary>
internal static class CloseReasons
{
    public const string HelloTimeout = "hello_timeout";
    public const string Shutdown = "shutdown";
}
