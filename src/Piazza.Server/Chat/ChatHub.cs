using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// The chat: names, rooms, direct conversations and history, with no sockets and no wire format.
/// Doors call it; it answers with refusals, and delivers events to sessions through their sinks.
/// Safe to call from every connection's reader at once.
/// </summary>
internal sealed partial class ChatHub
{
    private readonly RoomDirectory _rooms;
    private volatile bool _shuttingDown;

    public ChatHub(ChatOptions options, IEventStore store, TimeProvider time, ILogger logger)
    {
        Options = options;
        Store = store;
        Time = time;
        Logger = logger;
        _rooms = new RoomDirectory(this);
    }

    public ChatOptions Options { get; }

    public IEventStore Store { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public Members Members { get; } = new();

    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Sessions present.</summary>
    public int MemberCount => Members.Count;

    /// <summary>Rooms held (not direct conversations).</summary>
    public int RoomCount => _rooms.RoomCount;

    /// <summary>Loads the rooms and makes sure the default room exists.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _rooms.LoadAsync(cancellationToken);
        await _rooms.GetOrCreateAsync(Options.DefaultRoom);
    }

    /// <summary>From now on nobody joins and departures are not announced (shutdown sends its own notice).</summary>
    public void BeginShutdown()
    {
        _shuttingDown = true;
        Members.BeginShutdown();
    }

    /// <summary>Gives a connection its name; a holder replaced by session token is closed.</summary>
    public ChatSession? Connect(ISessionSink sink, NewSession request, out ChatRefusal? refusal)
    {
        var session = Members.TryAdd(sink, request, out refusal, out var replaced);
        replaced?.Sink.Replace();
        return session;
    }

    /// <summary>
    /// The connection of <paramref name="sink"/> ended: its name is freed and it leaves every room
    /// with <paramref name="reason"/>. After a goodbye (<see cref="LeaveReasons.Quit"/>) the
    /// returned task completes once the session has been sent everything stored before its
    /// departure; otherwise it stops receiving at once and null is returned.
    /// </summary>
    public Task? Disconnect(ISessionSink sink, string reason)
    {
        var session = Members.SessionOf(sink);
        if (session is null)
        {
            return null;
        }

        Members.Remove(session);
        var graceful = reason == LeaveReasons.Quit;
        List<Task>? departures = null;
        foreach (var membership in session.Close())
        {
            if (membership.Room.Disconnected(membership, reason, graceful) is { } departed)
            {
                (departures ??= []).Add(departed);
            }
        }

        return departures is null ? null : Task.WhenAll(departures);
    }

    /// <summary>
    /// Joins a room (<c>#dev</c>, created if new) or opens a direct conversation (<c>@bob</c>),
    /// replaying from <paramref name="cursor"/>. The room state and replay reach the session
    /// through its sink.
    /// </summary>
    public async ValueTask<ChatRefusal?> JoinAsync(ChatSession session, string address, RoomCursor? cursor)
    {
        if (Resolve(session, address, out var key) is { } invalid)
        {
            return invalid;
        }

        if (cursor is { Since: < 0 })
        {
            return new ChatRefusal(ChatError.BadRequest, "The field 'since' must be an event id of 0 or more.");
        }

        var isRoom = !key.StartsWith('@');
        if (isRoom && session.Find(key) is null && session.RoomCount >= Options.MaxRoomsPerSession)
        {
            return ChatRefusals.TooManyRoomsForYou(Options.MaxRoomsPerSession);
        }

        try
        {
            var room = isRoom ? await _rooms.GetOrCreateAsync(key) : await _rooms.FindAsync(key) ?? await _rooms.GetOrCreateAsync(key);
            return room is null
                ? ChatRefusals.TooManyRoomsOnServer(Options.MaxRooms)
                : await room.JoinAsync(session, cursor);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return ChatRefusals.StoreUnavailable;
        }
    }

    /// <summary>Leaves a room; everyone in it, the leaver too, sees <c>left</c> reason <c>part</c>.</summary>
    public async ValueTask<ChatRefusal?> PartAsync(ChatSession session, string address)
    {
        if (_shuttingDown)
        {
            return ChatRefusals.Closing;
        }

        if (Resolve(session, address, out var key) is { } invalid)
        {
            return invalid;
        }

        return session.Find(key) is { } membership
            ? await membership.Room.PartAsync(membership)
            : ChatRefusals.NotInRoom(Display(session, key));
    }

    /// <summary>
    /// Stores a message and, once committed, delivers it (the sender gets the ack). A ref the
    /// sender used before is acknowledged again with the original event, and nothing is stored.
    /// </summary>
    public async ValueTask<ChatRefusal?> SayAsync(ChatSession session, string? address, string text, string? reference)
    {
        if (Resolve(session, address ?? Options.DefaultRoom, out var key) is { } invalid)
        {
            return invalid;
        }

        Room? room;
        if (key.StartsWith('@'))
        {
            if (DirectPeer(session, key) is { } peer && !CanReceiveDirect(peer))
            {
                return await AcknowledgedBeforeAsync(session, reference) ? null : ChatRefusals.NoSuchUser(peer);
            }

            try
            {
                room = await _rooms.FindAsync(key) ?? await _rooms.GetOrCreateAsync(key);
            }
            catch (StoreUnavailableException ex)
            {
                Logger.StoreRefused(key, ex.Message);
                return ChatRefusals.StoreUnavailable;
            }
        }
        else
        {
            var membership = session.Find(key);
            if (membership is null || membership.State is MembershipState.Leaving or MembershipState.Gone)
            {
                return await AcknowledgedBeforeAsync(session, reference) ? null : ChatRefusals.NotInRoom(key);
            }

            room = membership.Room;
        }

        var draft = new EventDraft(key, EventKind.Message, session.Name, Text: text,
            Sender: reference is null ? null : session.Key, Ref: reference);
        var result = await room!.AppendAsync(draft, new AppendContext(Origin: session, Ref: reference));
        switch (result.Status)
        {
            case AppendStatus.Committed:
                return null;
            case AppendStatus.Duplicate:
                AcknowledgeOriginal(session, result.Event!, reference);
                return null;
            default:
                Logger.StoreRefused(key, result.Error ?? "unavailable");
                return ChatRefusals.StoreUnavailable;
        }
    }

    /// <summary>
    /// A say that cannot be taken now (its person is away, or the sender is not in its room) may be
    /// the resend of one accepted before, perhaps before a crash that kept the ack from the sender:
    /// then it is acknowledged as the original, as every resend is, and nothing else happens.
    /// </summary>
    private async ValueTask<bool> AcknowledgedBeforeAsync(ChatSession session, string? reference)
    {
        if (reference is null)
        {
            return false;
        }

        StoredEvent? original;
        try
        {
            original = await Store.FindByRefAsync(session.Key, reference);
        }
        catch (StoreUnavailableException ex)
        {
            // The refusal stands; a resend once the store reads again is acknowledged.
            Logger.StoreRefused(session.Key, ex.Message);
            return false;
        }

        if (original is null)
        {
            return false;
        }

        AcknowledgeOriginal(session, original, reference);
        return true;
    }

    /// <summary>Safe resend: the original is acknowledged again, as the sender sees its room, and nobody sees it twice.</summary>
    private static void AcknowledgeOriginal(ChatSession session, StoredEvent original, string? reference)
    {
        var view = DirectKey.TryParse(original.Room, out var first, out var second) && session.Key == second && first != second
            ? EventView.Second
            : EventView.Live;
        if (!session.Sink.Acknowledge(new RoomEvent(original), view, reference))
        {
            session.Sink.Evict();
        }
    }

    /// <summary>Sets a room's topic; every member, the setter too, sees the <c>topic</c> event.</summary>
    public async ValueTask<ChatRefusal?> SetTopicAsync(ChatSession session, string address, string topic)
    {
        if (Resolve(session, address, out var key) is { } invalid)
        {
            return invalid;
        }

        if (key.StartsWith('@'))
        {
            return new ChatRefusal(ChatError.InvalidRoom, "A direct conversation has no topic.");
        }

        var verdict = TopicRules.Validate(topic);
        if (!verdict.IsValid)
        {
            return new ChatRefusal(ChatError.InvalidText, verdict.Message!);
        }

        var membership = session.Find(key);
        if (membership is null || membership.State is MembershipState.Leaving or MembershipState.Gone)
        {
            return ChatRefusals.NotInRoom(key);
        }

        var result = await membership.Room.AppendAsync(
            new EventDraft(key, EventKind.Topic, session.Name, Text: topic.Trim()), context: null);
        if (result.Status == AppendStatus.Committed)
        {
            return null;
        }

        Logger.StoreRefused(key, result.Error ?? "unavailable");
        return ChatRefusals.StoreUnavailable;
    }

    /// <summary>Every room, by name, with its topic and how many are in it.</summary>
    public IReadOnlyList<(string Room, string? Topic, int Members)> ListRooms() =>
        _rooms.Rooms()
            .Select(r => (r.Key, r.Topic, r.MemberCount))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>The members of a room the session is in (the default room when none is named).</summary>
    public string[]? Who(ChatSession session, string? address, out ChatRefusal? refusal)
    {
        refusal = Resolve(session, address ?? Options.DefaultRoom, out var key);
        if (refusal is not null)
        {
            return null;
        }

        var membership = session.Find(key);
        if (membership is null)
        {
            refusal = ChatRefusals.NotInRoom(Display(session, key));
            return null;
        }

        return membership.Room.Users();
    }

    /// <summary>
    /// Older events of a room the session is in, or of a direct conversation it is part of:
    /// those before <paramref name="before"/> (the newest when null), at most <paramref name="limit"/>.
    /// </summary>
    public async Task<(HistoryPage? Page, ChatRefusal? Refusal)> HistoryAsync(ChatSession session, string address, long? before, int limit)
    {
        if (Resolve(session, address, out var key) is { } invalid)
        {
            return (null, invalid);
        }

        if (limit is < 1 or > ProtocolLimits.MaxHistoryLimit)
        {
            return (null, new ChatRefusal(ChatError.BadRequest, $"The field 'limit' must be from 1 to {ProtocolLimits.MaxHistoryLimit}."));
        }

        if (before is < 1)
        {
            return (null, new ChatRefusal(ChatError.BadRequest, "The field 'before' must be an event id of 1 or more."));
        }

        Room? room;
        try
        {
            if (key.StartsWith('@'))
            {
                room = await _rooms.FindAsync(key);
                if (room is null)
                {
                    return (new HistoryPage(EventView.Live, [], false), null);
                }
            }
            else
            {
                room = session.Find(key)?.Room;
                if (room is null)
                {
                    return (null, ChatRefusals.NotInRoom(key));
                }
            }

            // One more than asked tells whether older events exist.
            var upTo = before ?? long.MaxValue;
            var stored = await Store.ReadAsync(key, 0, upTo, limit + 1, ReadFrom.Newest);
            var more = stored.Count > limit;
            var events = new RoomEvent[more ? limit : stored.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = new RoomEvent(stored[stored.Count - events.Length + i]);
            }

            return (new HistoryPage(room.ViewOf(session), events, more), null);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return (null, new ChatRefusal(ChatError.StoreUnavailable, "The history cannot be read right now; try again in a moment."));
        }
    }

    /// <summary>Checks an address and turns it into a store key: <c>#dev</c> lowercase, or the conversation of <c>@bob</c> with the session.</summary>
    private static ChatRefusal? Resolve(ChatSession session, string address, out string key)
    {
        key = "";
        var verdict = RoomNameRules.ValidateAddress(address);
        if (!verdict.IsValid)
        {
            return new ChatRefusal(ChatError.InvalidRoom, verdict.Message!);
        }

        if (RoomNameRules.IsDirect(address))
        {
            if (!session.TakesDirectMessages)
            {
                return new ChatRefusal(ChatError.InvalidRoom, "Direct messages need protocol 2.");
            }

            key = DirectKey.For(session.Name, address[1..]);
            return null;
        }

        key = RoomNameRules.Normalize(address);
        return null;
    }

    /// <summary>The other person of a conversation key, seen from <paramref name="session"/>.</summary>
    private static string? DirectPeer(ChatSession session, string key)
    {
        if (!DirectKey.TryParse(key, out var first, out var second))
        {
            return null;
        }

        return first == session.Key ? second : first;
    }

    private bool CanReceiveDirect(string name) => Members.Find(name) is { TakesDirectMessages: true };

    private static string Display(ChatSession session, string key) =>
        DirectKey.TryParse(key, out var first, out var second) ? "@" + (first == session.Key ? second : first) : key;
}
