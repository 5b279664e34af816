using System.Net;
using System.Net.Sockets;

namespace Piazza.Resilience.Tests.Support;

/// <summary>A message a <see cref="Chatter"/> sent: its ref, where it went and what it said.</summary>
/// <param name="Ref">The client's id for it, unique for the sender across connections.</param>
/// <param name="Target">The room as sent (<c>#dev</c>, <c>@bob</c>; null for the default room of a version 1 client).</param>
/// <param name="Room">The history it belongs to (see <see cref="Chatter.Canonical"/>).</param>
/// <param name="Text">The text, unique in the whole test.</param>
internal sealed record Outgoing(string Ref, string? Target, string Room, string Text);

/// <summary>An acknowledgement as the client understood it: which history, which id, when.</summary>
internal sealed record Acknowledged(string Room, long Id, long TsMs);

/// <summary>A room event a client received (live or replayed), in the form history shows it.</summary>
internal sealed record SeenEvent(string Room, long Id, string What, bool IsMessage);

/// <summary>
/// A member that survives its server: it connects (protocol 1 in the default room, or protocol 2
/// with its rooms), chats, and when the server dies, connects again to the next one under the same
/// name. Everything it sent, every ack and every room event it received is kept across
/// connections, so a test can hold the history read back after a crash against it.
/// </summary>
internal sealed class Chatter
{
    public const string DefaultRoom = "#piazza";

    private readonly Lock _gate = new();
    private readonly List<Outgoing> _sent = [];
    private readonly Dictionary<string, Outgoing> _sentByRef = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Acknowledged> _acks = new(StringComparer.Ordinal);
    private readonly List<SeenEvent> _seen = [];
    private readonly List<ErrorFrame> _errors = [];
    private readonly List<Frame> _frames = [];
    private readonly Dictionary<string, TaskCompletionSource<Frame>> _answers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loadOutstanding = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _eventIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<long>> _ownIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _epochs = new(StringComparer.Ordinal);
    private readonly List<RoomFrame> _roomFrames = [];
    private TaskCompletionSource<HistoryFrame>? _history;
    private TaskCompletionSource? _ready;
    private IReadOnlyList<string> _joining = [];
    private SemaphoreSlim? _slots;
    private StreamingClient? _client;
    private long _counter;
    private long _replayed;

    /// <param name="name">The username, the same on every connection.</param>
    /// <param name="protocol">1 (the default room, no room fields) or 2.</param>
    /// <param name="rooms">Protocol 2: the rooms its hello joins.</param>
    /// <param name="targets">Where its messages go, in turn: rooms it is in, or <c>@name</c>.</param>
    public Chatter(string name, int protocol, IReadOnlyList<string> rooms, IReadOnlyList<string> targets)
    {
        Name = name;
        Protocol = protocol;
        Rooms = protocol == 1 ? [DefaultRoom] : rooms;
        Targets = targets;
    }

    public string Name { get; }

    public int Protocol { get; }

    public IReadOnlyList<string> Rooms { get; }

    public IReadOnlyList<string> Targets { get; }

    /// <summary>Keep every frame received in <see cref="Frames"/> (for small tests; the crash test keeps only events).</summary>
    public bool KeepFrames { get; init; }

    public StreamingClient? Client => _client;

    public IReadOnlyList<Outgoing> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The first ack of each ref.</summary>
    public IReadOnlyDictionary<string, Acknowledged> Acks
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, Acknowledged>(_acks, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<SeenEvent> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    public IReadOnlyList<ErrorFrame> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Every frame received, in order (when <see cref="KeepFrames"/>).</summary>
    public IReadOnlyList<Frame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>The messages sent that no ack has answered yet.</summary>
    public IReadOnlyList<Outgoing> Unacknowledged
    {
        get
        {
            lock (_gate)
            {
                return _sent.Where(o => !_acks.ContainsKey(o.Ref)).ToList();
            }
        }
    }

    /// <summary>The messages sent that neither an ack nor an error has answered yet.</summary>
    public IReadOnlyList<Outgoing> Unanswered
    {
        get
        {
            lock (_gate)
            {
                var refused = _errors.Where(e => e.Ref is not null).Select(e => e.Ref!).ToHashSet(StringComparer.Ordinal);
                return _sent.Where(o => !_acks.ContainsKey(o.Ref) && !refused.Contains(o.Ref)).ToList();
            }
        }
    }

    /// <summary>Room events received as replay (<c>"replay":true</c>).</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Every room frame received, in order.</summary>
    public IReadOnlyList<RoomFrame> RoomFrames
    {
        get
        {
            lock (_gate)
            {
                return [.. _roomFrames];
            }
        }
    }

    /// <summary>The epochs the room frames of a history (canonical key) named: one, unless history was lost.</summary>
    public IReadOnlyCollection<string> EpochsOf(string room)
    {
        lock (_gate)
        {
            return _epochs.TryGetValue(room, out var epochs) ? [.. epochs] : [];
        }
    }

    /// <summary>
    /// How this member's view of a history (canonical key) stands: the ids of the events it
    /// received (live and replayed, repeats kept), and with them the ids it knows as its own
    /// (acks, its joins).
    /// </summary>
    public (IReadOnlyList<long> Received, IReadOnlySet<long> Known) ViewOf(string room)
    {
        lock (_gate)
        {
            var received = _eventIds.TryGetValue(room, out var ids) ? ids.ToList() : [];
            var known = received.ToHashSet();
            if (_ownIds.TryGetValue(room, out var own))
            {
                known.UnionWith(own);
            }

            return (received, known);
        }
    }

    /// <summary>
    /// The key of the history an address names, the same for everyone: a room in lowercase, or a
    /// direct conversation as both names, lowercase and sorted (<c>@alice@bob</c>).
    /// </summary>
    public string Canonical(string? shown)
    {
        if (shown is null)
        {
            return DefaultRoom;
        }

        if (!shown.StartsWith('@'))
        {
            return shown.ToLowerInvariant();
        }

        var me = Name.ToLowerInvariant();
        var other = shown[1..].ToLowerInvariant();
        return string.CompareOrdinal(me, other) <= 0 ? $"@{me}@{other}" : $"@{other}@{me}";
    }

    /// <summary>How a room event reads, the same for a live frame, a replay and a history page.</summary>
    public static string Describe(Frame frame) => frame switch
    {
        MessageFrame m => $"message from {m.From} at {m.Ts.ToUnixTimeMilliseconds()}: {m.Text}",
        JoinedFrame j => $"joined {j.User} at {j.Ts.ToUnixTimeMilliseconds()}",
        LeftFrame l => $"left {l.User} ({l.Reason}) at {l.Ts.ToUnixTimeMilliseconds()}",
        TopicFrame t => $"topic by {t.User} at {t.Ts?.ToUnixTimeMilliseconds()}: {t.Topic}",
        _ => frame.Type,
    };

    /// <summary>The id of a room event, or null for any other frame.</summary>
    public static long? IdOf(Frame frame) => frame switch
    {
        MessageFrame m => m.Id,
        JoinedFrame j => j.Id,
        LeftFrame l => l.Id,
        TopicFrame t => t.Id,
        _ => null,
    };

    /// <summary>The room a room event names (null: the default room, for a version 1 frame).</summary>
    public static string? RoomOf(Frame frame) => frame switch
    {
        MessageFrame m => m.Room,
        JoinedFrame j => j.Room,
        LeftFrame l => l.Room,
        TopicFrame t => t.Room,
        _ => null,
    };

    /// <summary>
    /// Connects and says hello; completes when the welcome (protocol 1) or every room's state
    /// (protocol 2) has arrived. <paramref name="rooms"/> replaces <see cref="Rooms"/> for this connection.
    /// </summary>
    /// <param name="server">Where to connect.</param>
    /// <param name="rooms">Replaces <see cref="Rooms"/> for this connection.</param>
    /// <param name="withCursors">Protocol 2: give each room the cursor of everything received so far, to be sent exactly the rest.</param>
    public async Task ConnectAsync(IPEndPoint server, IReadOnlyList<string>? rooms = null, bool withCursors = false)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rooms ??= Rooms;
        Dictionary<string, RoomCursor> cursors;
        lock (_gate)
        {
            _opened.Clear();
            _joining = rooms;
            _ready = ready;
            cursors = rooms.ToDictionary(r => r, r => withCursors ? CursorLocked(Canonical(r)) : RoomCursor.None);
        }

        _client = await StreamingClient.ConnectAsync(server, (_, frame) => OnFrame(frame));
        await _client.SendAsync(Protocol == 1
            ? new HelloFrame(Name, Client: "piazza-tests")
            : new HelloFrame(Name, Protocol: 2, Client: "piazza-tests", Rooms: cursors));
        await ready.Task.WaitAsync(Eventually.DefaultTimeout);
    }

    /// <summary>
    /// Sends messages as fast as the server takes them, with at most <paramref name="window"/>
    /// unanswered at once, until <paramref name="stop"/> or until the connection fails.
    /// </summary>
    public async Task RunLoadAsync(int window, CancellationToken stop)
    {
        var client = _client!;
        var slots = new SemaphoreSlim(window);
        lock (_gate)
        {
            _loadOutstanding.Clear();
            _slots = slots;
        }

        try
        {
            while (!stop.IsCancellationRequested && !client.Ended)
            {
                await slots.WaitAsync(stop);
                var outgoing = NewMessage();
                lock (_gate)
                {
                    _loadOutstanding.Add(outgoing.Ref);
                }

                await client.SendAsync(new SayFrame(outgoing.Text, outgoing.Ref, outgoing.Target));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the server is gone: what was not acknowledged is resent later.
        }
        finally
        {
            lock (_gate)
            {
                _slots = null;
            }
        }
    }

    /// <summary>Sends one new message to <paramref name="target"/>; completes with its ack or its error.</summary>
    public Task<Frame> SayAsync(string? target, string? text = null)
    {
        var outgoing = NewMessage(target, text);
        return SendAsync(outgoing);
    }

    /// <summary>Sends <paramref name="outgoing"/> (again, with its ref); completes with the ack or the error that answers it.</summary>
    public async Task<Frame> SendAsync(Outgoing outgoing)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        var answer = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _answers[outgoing.Ref] = answer;
        }

        await _client!.SendAsync(new SayFrame(outgoing.Text, outgoing.Ref, outgoing.Target));
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Sends any frame as it is.</summary>
    public Task SendFrameAsync(Frame frame) => _client!.SendAsync(frame);

    /// <summary>The first frame of type <typeparamref name="T"/> matching <paramref name="match"/> among <see cref="Frames"/> from index <paramref name="from"/> on.</summary>
    public Task<T> WaitForAsync<T>(Func<T, bool> match, int from = 0, TimeSpan? timeout = null)
        where T : Frame =>
        Eventually.ValueAsync(
            () => Frames.Skip(from).OfType<T>().FirstOrDefault(match),
            timeout,
            $"a matching {typeof(T).Name} at {Name}");

    /// <summary>The whole history of <paramref name="room"/>, oldest first, paged back with <c>history</c>.</summary>
    public async Task<IReadOnlyList<Frame>> ReadHistoryAsync(string room)
    {
        var pages = new List<IReadOnlyList<Frame>>();
        long? before = null;
        while (true)
        {
            var answer = new TaskCompletionSource<HistoryFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _history = answer;
            }

            await _client!.SendAsync(new HistoryFrame(room, before, ProtocolLimits.MaxHistoryLimit));
            var page = await answer.Task.WaitAsync(Eventually.DefaultTimeout);
            var events = page.Events ?? [];
            pages.Add(events);
            if (page.More != true || events.Count == 0)
            {
                break;
            }

            before = IdOf(events[0]);
        }

        pages.Reverse();
        return pages.SelectMany(p => p).ToList();
    }

    /// <summary>Waits until the server has ended the connection (after a kill), then lets it go.</summary>
    public async Task DropAsync()
    {
        if (_client is { } client)
        {
            await client.Completion.WaitAsync(Eventually.DefaultTimeout);
            await client.DisposeAsync();
        }
    }

    /// <summary>Leaves without a word: a TCP reset.</summary>
    public void Vanish() => _client?.Reset();

    public async Task DisposeAsync()
    {
        if (_client is { } client)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>The newest id known in a history, with its epoch; no cursor when nothing is known.</summary>
    private RoomCursor CursorLocked(string room)
    {
        var newest = Math.Max(
            _eventIds.TryGetValue(room, out var ids) && ids.Count > 0 ? ids.Max() : 0,
            _ownIds.TryGetValue(room, out var own) && own.Count > 0 ? own.Max() : 0);
        return newest > 0 && _epochs.TryGetValue(room, out var epochs) && epochs.Count > 0
            ? new RoomCursor(newest, epochs.Last())
            : RoomCursor.None;
    }

    private void Own(string room, long id)
    {
        if (!_ownIds.TryGetValue(room, out var own))
        {
            _ownIds[room] = own = [];
        }

        own.Add(id);
    }

    private Outgoing NewMessage(string? target = null, string? text = null)
    {
        var n = Interlocked.Increment(ref _counter);
        target ??= Targets[(int)(n % Targets.Count)];
        var wire = Protocol == 1 ? null : target;
        var outgoing = new Outgoing($"{Name}.{n}", wire, Canonical(target), text ?? $"{Name} says {n}");
        lock (_gate)
        {
            _sent.Add(outgoing);
            _sentByRef[outgoing.Ref] = outgoing;
        }

        return outgoing;
    }

    private void OnFrame(Frame frame)
    {
        TaskCompletionSource<Frame>? answer = null;
        SemaphoreSlim? slot = null;
        lock (_gate)
        {
            if (KeepFrames)
            {
                _frames.Add(frame);
            }

            switch (frame)
            {
                case WelcomeFrame when Protocol == 1 || _joining.Count == 0:
                    _ready?.TrySetResult();
                    break;
                case RoomFrame room:
                    _roomFrames.Add(room);
                    var key = Canonical(room.Room);
                    if (!_epochs.TryGetValue(key, out var epochs))
                    {
                        _epochs[key] = epochs = [];
                    }

                    epochs.Add(room.Epoch);

                    // A room's lastId is the member's own joined, never sent to it; a conversation has no joins.
                    if (!room.Room.StartsWith('@') && room.LastId > 0)
                    {
                        Own(key, room.LastId);
                    }

                    _opened.Add(room.Room);
                    if (_joining.All(_opened.Contains))
                    {
                        _ready?.TrySetResult();
                    }

                    break;
                case AckFrame ack when ack.Ref is not null:
                    _acks.TryAdd(ack.Ref, new Acknowledged(Canonical(ack.Room), ack.Id, ack.Ts.ToUnixTimeMilliseconds()));
                    Own(Canonical(ack.Room), ack.Id);
                    _answers.Remove(ack.Ref, out answer);
                    slot = _loadOutstanding.Remove(ack.Ref) ? _slots : null;
                    break;
                case ErrorFrame error:
                    _errors.Add(error);
                    if (error.Ref is not null)
                    {
                        _answers.Remove(error.Ref, out answer);
                        slot = _loadOutstanding.Remove(error.Ref) ? _slots : null;
                    }
                    else if (_history is { Task.IsCompleted: false } history && error.Room is not null)
                    {
                        history.TrySetException(new InvalidOperationException($"{Name}: history of {error.Room} refused: {error.Code}: {error.Message}"));
                    }
                    else if (_ready is { Task.IsCompleted: false } ready)
                    {
                        ready.TrySetException(new InvalidOperationException($"{Name}: hello refused: {error.Code}: {error.Message}"));
                    }

                    break;
                case HistoryFrame { Events: not null } page:
                    _history?.TrySetResult(page);
                    break;
                case MessageFrame or JoinedFrame or LeftFrame or TopicFrame:
                    var seen = new SeenEvent(Canonical(RoomOf(frame)), IdOf(frame)!.Value, Describe(frame), frame is MessageFrame);
                    _seen.Add(seen);
                    if (!_eventIds.TryGetValue(seen.Room, out var received))
                    {
                        _eventIds[seen.Room] = received = [];
                    }

                    received.Add(seen.Id);
                    if (frame is MessageFrame { Replay: true } or JoinedFrame { Replay: true } or LeftFrame { Replay: true } or TopicFrame { Replay: true })
                    {
                        _replayed++;
                    }

                    break;
            }
        }

        answer?.TrySetResult(frame);
        slot?.Release();
    }
}
