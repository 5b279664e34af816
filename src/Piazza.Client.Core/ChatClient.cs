using System.Collections.ObjectModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Piazza.Client.Core;

/// <summary>
/// A Piazza chat client: joins a room, sends messages and learns when the server accepted them,
/// reports everything the server sends as <see cref="ChatEvent"/>s, keeps the connection alive,
/// and reconnects by itself after losing it. All members are safe to call from any thread.
/// </summary>
/// <remarks>
/// Inside: one reader loop and one writer loop per connection (only the writer touches the
/// socket for sending), one keepalive timer, and one dispatch loop that delivers events in order.
/// All timing goes through the <see cref="TimeProvider"/> given to the constructor.
/// </remarks>
public sealed partial class ChatClient : IAsyncDisposable
{
    /// <summary>How long a polite close waits for the server to answer <c>bye</c> by closing.</summary>
    internal static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private static readonly ReadOnlyCollection<string> NoUsers = ReadOnlyCollection<string>.Empty;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventHub _events;
    private readonly Lock _gate = new();

    private ChatStatus _status = ChatStatus.Initial;
    private IReadOnlyList<string> _users = NoUsers;
    private Session? _session;
    private CancellationTokenSource? _attempt;
    private CancellationTokenSource? _reconnect;
    private Task _reconnectLoop = Task.CompletedTask;
    private long _lastSeenId;
    private int _flaps;
    private long _nextRef;
    private bool _disposed;

    /// <summary>Creates a client; nothing happens on the network until <see cref="ConnectAsync"/>.</summary>
    /// <param name="timeProvider">The clock for timeouts, keepalive and backoff; the system clock when null.</param>
    /// <param name="loggerFactory">Where the client logs; nowhere when null.</param>
    public ChatClient(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ChatClient>();
        _events = new EventHub(this, () => EventRaised, _logger);
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

    /// <summary>The room's members now (empty while not connected). <see cref="UsersChanged"/> reports every change.</summary>
    public IReadOnlyList<string> Users => Volatile.Read(ref _users);

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

    /// <summary>
    /// Every event, in the same order as <see cref="EventRaised"/>, including those raised before
    /// the enumeration started (the newest 100,000 are kept for a reader). One enumeration at a
    /// time; it ends when the client is disposed.
    /// </summary>
    public IAsyncEnumerable<ChatEvent> ReadEventsAsync(CancellationToken ct = default) => _events.ReadAllAsync(ct);

    /// <summary>
    /// Leaves politely (<c>bye</c>) if connected, stops any reconnecting, and ends the event
    /// stream. Waits at most a couple of seconds for the server to close.
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

    private void SetUsersLocked(IReadOnlyList<string> users)
    {
        Volatile.Write(ref _users, users);
        _events.Publish(new UsersChanged(users));
    }

    private ChatStatus DisconnectedStatusLocked(string? lastError) =>
        new(ConnectionState.Disconnected, _status.Username, _status.Host, _status.Port, LastError: lastError);
}
