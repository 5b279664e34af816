using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>One joined connection: from the welcome to the moment it ends, which happens once.</summary>
internal sealed class Session
{
    private string? _abortReason;
    private volatile bool _endedByUser;
    private volatile string? _shutdownMessage;

    public Session(FrameConnection connection, WelcomeFrame welcome, ChatConnectionOptions options, long replayThreshold,
        bool isReconnect, long joinedAt)
    {
        Connection = connection;
        Welcome = welcome;
        Options = options;
        ReplayThreshold = replayThreshold;
        IsReconnect = isReconnect;
        JoinedAt = joinedAt;
    }

    /// <summary>True when the reconnect loop, not the user, opened this session.</summary>
    public bool IsReconnect { get; }

    /// <summary>When the welcome arrived, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long JoinedAt { get; }

    public FrameConnection Connection { get; }

    public WelcomeFrame Welcome { get; }

    public ChatConnectionOptions Options { get; }

    public PendingSends Pending { get; } = new();

    /// <summary>Replayed history up to this id was already shown before a reconnect: skip it.</summary>
    public long ReplayThreshold { get; }

    public Keepalive? Keepalive { get; set; }

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
}
