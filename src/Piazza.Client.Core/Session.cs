using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>One joined connection: from the welcome to the moment it ends, which happens once.</summary>
internal sealed class Session
{
    /// <summary>The longest a timer can wait (<see cref="ITimer.Change"/> refuses more).</summary>
    private const long LongestTimerMs = uint.MaxValue - 1;

    private string? _abortReason;
    private volatile bool _endedByUser;
    private volatile string? _shutdownMessage;

    public Session(FrameConnection connection, WelcomeFrame welcome, ChatConnectionOptions options, bool isReconnect,
        TimeProvider time, ILogger logger)
    {
        Connection = connection;
        Welcome = welcome;
        Options = options;
        IsReconnect = isReconnect;
        JoinedAt = time.GetTimestamp();
        Limits = Usable(welcome.Limits);
        Rate = new RateEstimate(Limits.RateBurst, Limits.RatePerSecond, time);
        Keepalive = new Keepalive(connection, TimeSpan.FromMilliseconds(Limits.PingIntervalMs),
            TimeSpan.FromMilliseconds(Limits.TimeoutMs), time, logger, timeout => Abort(Sentences.KeepaliveTimeout(timeout)));
    }

    /// <summary>True when the reconnect loop, not the user, opened this session.</summary>
    public bool IsReconnect { get; }

    /// <summary>When the welcome arrived, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long JoinedAt { get; }

    public FrameConnection Connection { get; }

    public WelcomeFrame Welcome { get; }

    /// <summary>The limits the welcome announced, each one usable as it stands (see <see cref="Usable"/>).</summary>
    public ServerLimits Limits { get; }

    /// <summary>The options a reconnect uses; a password change replaces the password here. Guarded by the client's lock.</summary>
    public ChatConnectionOptions Options { get; set; }

    /// <summary>The name the server gave this connection.</summary>
    public string Me => Welcome.User;

    /// <summary>The client's copy of the server's flood control, counting every frame this session sends.</summary>
    public RateEstimate Rate { get; }

    /// <summary>The requests about each room, by room. Guarded by the client's lock.</summary>
    public Dictionary<string, RoomLane> Lanes { get; } = new(StringComparer.Ordinal);

    /// <summary>Callers waiting for a <c>rooms</c> list, in the order asked (answers come in that order).</summary>
    public Queue<TaskCompletionSource<IReadOnlyList<RoomListing>>> ListWaiters { get; } = new();

    /// <summary>
    /// Requests answered without a room (a password change, a moderation of the whole server), in
    /// the order sent: the server answers them in that order, with a confirmation or an error
    /// that names no room. Guarded by the client's lock.
    /// </summary>
    public Queue<PlainRequest> PlainWaiters { get; } = new();

    /// <summary>
    /// True when the hello named no rooms, so the server puts the client in its default room: the
    /// first room frame is that room's. Guarded by the client's lock.
    /// </summary>
    public bool AwaitingDefaultRoom { get; set; }

    public Keepalive Keepalive { get; }

    public Task ReaderLoop { get; set; } = Task.CompletedTask;

    /// <summary>The user asked to leave: the end is not a loss and brings no reconnect.</summary>
    public bool EndedByUser
    {
        get => _endedByUser;
        set => _endedByUser = value;
    }

    /// <summary>The server's <c>shutdown</c> message, once it has announced one.</summary>
    public string? ShutdownMessage
    {
        get => _shutdownMessage;
        set => _shutdownMessage = value;
    }

    /// <summary>Why the client itself ended the connection, if it did (the first reason wins).</summary>
    public string? AbortReason => Volatile.Read(ref _abortReason);

    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        Connection.Abort();
    }

    /// <summary>
    /// A limit announced as zero takes the contract's default, and a keepalive interval longer
    /// than a timer can wait (about 49 days) is cut to that, so that no number a server sends
    /// can make the join throw.
    /// </summary>
    private static ServerLimits Usable(ServerLimits announced)
    {
        var defaults = ServerLimits.Default;
        return new ServerLimits(
            announced.MaxText > 0 ? announced.MaxText : defaults.MaxText,
            announced.MaxFrame > 0 ? announced.MaxFrame : defaults.MaxFrame,
            announced.PingIntervalMs > 0 ? Math.Min(announced.PingIntervalMs, LongestTimerMs) : defaults.PingIntervalMs,
            announced.TimeoutMs > 0 ? Math.Min(announced.TimeoutMs, LongestTimerMs) : defaults.TimeoutMs,
            double.IsFinite(announced.RateBurst) && announced.RateBurst > 0 ? announced.RateBurst : 0,
            double.IsFinite(announced.RatePerSecond) && announced.RatePerSecond > 0 ? announced.RatePerSecond : 0);
    }
}

/// <summary>A request answered without a room: what it was, and who waits.</summary>
internal sealed class PlainRequest(Frame frame)
{
    public Frame Frame { get; } = frame;

    public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
