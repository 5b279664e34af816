using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// A Piazza chat client (protocol 2): joins rooms and direct conversations, sends messages
/// through an outbox that survives disconnections, reports everything as <see cref="ChatEvent"/>s,
/// keeps the connection alive, and reconnects by itself after losing it. All members are safe to
/// call from any thread.
/// </summary>
/// <remarks>
/// <para>
/// Exact by construction: for each room the client keeps a cursor (the room's epoch and the id of
/// the last event handed out) and rejoins with it after a reconnect, or after the app restarts
/// when <see cref="ChatConnectionOptions.CursorStore"/> keeps the cursors. Per room, events come
/// out in id order, each once: a gap is filled with <c>history</c> pages before later events are
/// released. The client's own join is not sent to it by the server and does not come out.
/// </para>
/// <para>
/// Inside: one reader loop and one writer loop per connection (only the writer touches the
/// socket for sending), one keepalive timer, and one dispatch loop that delivers events in order.
/// All timing goes through the <see cref="TimeProvider"/> given to the constructor.
/// </para>
/// </remarks>
public sealed partial class ChatClient : IAsyncDisposable
{
    /// <summary>How long a polite close waits for the server to answer <c>bye</c> by closing.</summary>
    internal static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventHub _events;
    private readonly Lock _gate = new();
    private readonly RefSource _refs;
    private readonly Outbox _outbox = new();

    /// <summary>The rooms and conversations the client is in, in the order joined, by name.</summary>
    private readonly OrderedDictionary<string, RoomTimeline> _rooms = new(StringComparer.Ordinal);

    private ChatStatus _status = ChatStatus.Initial;
    private Session? _session;
    private CancellationTokenSource? _attempt;
    private CancellationTokenSource? _reconnect;
    private Task _reconnectLoop = Task.CompletedTask;

    /// <summary>Completing it ends the wait before the next reconnect attempt (<see cref="ReconnectNow"/>).</summary>
    private TaskCompletionSource? _skipWait;
    private int _flaps;
    private bool _disposed;

    /// <summary>False until the rooms to be in are known; until then the server chooses (its default room).</summary>
    private bool _roomsChosen;

    /// <summary>The limits of the last connection, for messages posted while reconnecting.</summary>
    private ServerLimits _limits = ServerLimits.Default;

    private ServerAccount? _account;
    private CursorKeeper? _keeper;

    /// <summary>Creates a client; nothing happens on the network until <see cref="ConnectAsync"/>.</summary>
    /// <param name="timeProvider">The clock for timeouts, keepalive, backoff and flood control; the system clock when null.</param>
    /// <param name="loggerFactory">Where the client logs; nowhere when null.</param>
    public ChatClient(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(timeProvider, loggerFactory, refPrefix: null)
    {
    }

    /// <summary>A client whose refs start with <paramref name="refPrefix"/> instead of a random prefix (tests only).</summary>
    internal ChatClient(TimeProvider? timeProvider, ILoggerFactory? loggerFactory, string? refPrefix)
    {
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ChatClient>();
        _events = new EventHub(this, () => EventRaised, _logger);
        _refs = new RefSource(refPrefix);
    }

    /// <summary>
    /// Every event, in order, raised on a background thread (never the caller's), one at a time.
    /// A handler that throws is logged and does not stop delivery.
    /// </summary>
    public event EventHandler<ChatEvent>? EventRaised;

    /// <summary>The state now, for a status line. <see cref="StatusChanged"/> reports every change.</summary>
    public ChatStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// The rooms and direct conversations the client is in (joined now, or to be joined again on
    /// reconnecting), in the order they were joined. <see cref="RoomUpdated"/> and
    /// <see cref="RoomRemoved"/> report every change.
    /// </summary>
    public IReadOnlyList<ChatRoom> Rooms
    {
        get
        {
            lock (_gate)
            {
                return [.. _rooms.Values.Select(Snapshot)];
            }
        }
    }

    /// <summary>The messages not yet acknowledged (waiting, sending, failed), oldest first. <see cref="OutboxChanged"/> reports every change.</summary>
    public IReadOnlyList<OutgoingMessage> Outbox
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Snapshot();
            }
        }
    }

    /// <summary>The running reconnect loop, or a completed task when there is none.</summary>
    internal Task ReconnectLoop
    {
        get
        {
            lock (_gate)
            {
                return _reconnectLoop;
            }
        }
    }

    /// <summary>A room or conversation the client is in (<c>#Dev</c> finds <c>#dev</c>), or null.</summary>
    public ChatRoom? FindRoom(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_gate)
        {
            return _rooms.TryGetValue(RoomNameRules.Normalize(room.Trim()), out var timeline) ? Snapshot(timeline) : null;
        }
    }

    /// <summary>
    /// Every event, in the same order as <see cref="EventRaised"/>, including those raised before
    /// the enumeration started (the newest 100,000 are kept for a reader). One enumeration at a
    /// time; it ends when the client is disposed.
    /// </summary>
    public IAsyncEnumerable<ChatEvent> ReadEventsAsync(CancellationToken ct = default) => _events.ReadAllAsync(ct);

    /// <summary>
    /// Leaves politely (<c>bye</c>) if connected, stops any reconnecting, saves the cursors, and
    /// ends the event stream. Waits at most a couple of seconds for the server to close.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            await DisconnectAsync(CancellationToken.None);
        }
        finally
        {
            _events.Complete();
        }
    }

    private void SetStatusLocked(ChatStatus status)
    {
        if (status == _status)
        {
            return;
        }

        _status = status;
        _events.Publish(new StatusChanged(status));
    }

    private ChatStatus DisconnectedStatusLocked(string? lastError) =>
        new(ConnectionState.Disconnected, _status.Username, _status.Host, _status.Port, LastError: lastError);

    private static ChatRoom Snapshot(RoomTimeline timeline) => new(
        timeline.Room, timeline.IsOpen, timeline.Topic, timeline.Users, timeline.Epoch, timeline.LastId, timeline.ReachedBeginning,
        timeline.Operators.Count == 0 ? null : timeline.Operators);
}
