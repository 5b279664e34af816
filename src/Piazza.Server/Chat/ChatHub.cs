using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Server.Accounts;
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

    public ChatHub(ChatOptions options, IEventStore store, IAccountStore accounts, AccountService accountService, TimeProvider time, ILogger logger)
    {
        Options = options;
        Store = store;
        Accounts = accountService;
        Time = time;
        Logger = logger;
        Members = new Members(options.MaxSessionsPerAccount);
        Moderation = new ModerationBook(accounts, time);
        _rooms = new RoomDirectory(this);
    }

    public ChatOptions Options { get; set; }

    public IEventStore Store { get; }

    /// <summary>Registration, sign-in and passwords, with the account store behind them.</summary>
    public AccountService Accounts { get; }

    /// <summary>Bans, mutes and room operators.</summary>
    public ModerationBook Moderation { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public Members Members { get; }

    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Sessions present.</summary>
    public int MemberCount => Members.Count;

    /// <summary>Rooms held (not direct conversations).</summary>
    public int RoomCount => _rooms.RoomCount;

    /// <summary>Loads the rooms and makes sure the default room exists.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartFeedAsync(cancellationToken);
        StartRenewal();
        await _rooms.LoadAsync(cancellationToken);
        await Moderation.LoadAsync(cancellationToken);

        // Nobody created the default room: it has no operator but the server's.
        (await _rooms.GetOrCreateAsync(Options.DefaultRoom))?.ClaimCreator();
    }

    /// <summary>From now on nobody joins and departures are not announced (shutdown sends its own notice).</summary>
    public void BeginShutdown()
    {
        _shuttingDown = true;
        _renewal?.Dispose();
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

        if (Members.Remove(session) && session.IsAccount)
        {
            _ = RecordLastSeenAsync(session.Name);
        }
        else if (!session.IsAccount && Members.Find(session.Key) is null)
        {
            _ = ReleaseNameAsync(session.Key);
        }

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

        if (isRoom && !session.IsAdmin && Moderation.Find(key, SanctionKind.Ban, session.Key, session.AddressText) is { } ban)
        {
            return new ChatRefusal(ChatError.NotPermitted, $"You are banned from {key} {Describe(ban)}.");
        }

        try
        {
            var room = isRoom ? await _rooms.GetOrCreateAsync(key) : await _rooms.FindAsync(key) ?? await _rooms.GetOrCreateAsync(key);
            if (room is null)
            {
                return ChatRefusals.TooManyRoomsOnServer(Options.MaxRooms);
            }

            if (room.ClaimCreator() && session.IsAccount)
            {
                // Whoever creates a room (signed in) is its first operator.
                await Moderation.SetOperatorAsync(key, session.Key, isOperator: true);
            }

            var alreadyIn = session.Find(key) is not null;
            if (await room.JoinAsync(session, cursor) is { } refused)
            {
                return refused;
            }

            if (isRoom && session.IsAccount && !alreadyIn)
            {
                await JoinedAsAccountAsync(session, room);
            }

            return null;
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return ChatRefusals.StoreUnavailable;
        }
    }

    /// <summary>
    /// An account joined a room: the room is kept among its rooms for its next sign-in, and its
    /// other sessions (its other devices) join too, so each of them receives what the account does.
    /// </summary>
    private async Task JoinedAsAccountAsync(ChatSession session, Room room)
    {
        try
        {
            await Accounts.Store.AddAccountRoomAsync(session.Key, room.Key);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.AccountWriteFailed(session.Name, ex.Message);
        }

        foreach (var other in Members.SessionsOf(session.Key))
        {
            if (!ReferenceEquals(other, session) && other.TakesDirectMessages && other.Find(room.Key) is null)
            {
                _ = await room.JoinAsync(other, cursor: null);
            }
        }
    }

    /// <summary>Leaves a room; everyone in it, the leaver too, sees <c>left</c> reason <c>part</c>.</summary>
    /// <param name="session">Who leaves.</param>
    /// <param name="address">The room.</param>
    /// <param name="note">The leaver's parting words, if any (one line, as a topic).</param>
    public async ValueTask<ChatRefusal?> PartAsync(ChatSession session, string address, string? note = null)
    {
        if (_shuttingDown)
        {
            return ChatRefusals.Closing;
        }

        if (Resolve(session, address, out var key) is { } invalid)
        {
            return invalid;
        }

        if (session.Find(key) is not { } membership)
        {
            return ChatRefusals.NotInRoom(Display(session, key));
        }

        var refused = await membership.Room.PartAsync(membership, note);
        if (refused is null && session.IsAccount && !membership.Room.IsDirect)
        {
            await ForgetAccountRoomAsync(session.Name, key);
        }

        return refused;
    }

    /// <summary>The account is no longer in the room between connections.</summary>
    private async Task ForgetAccountRoomAsync(string name, string room)
    {
        try
        {
            await Accounts.Store.RemoveAccountRoomAsync(name, room);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.AccountWriteFailed(name, ex.Message);
        }
    }

    private async Task RecordLastSeenAsync(string name)
    {
        try
        {
            await Accounts.Store.SetLastSeenAsync(name, Time.GetUtcNow());
        }
        catch (Exception ex) when (ex is StoreUnavailableException or InvalidOperationException or ObjectDisposedException)
        {
            // An older mark only means more conversations are opened at the next sign-in.
            Logger.AccountWriteFailed(name, ex.Message);
        }
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

        if (MutedIn(session, key) is { } mute)
        {
            return await AcknowledgedBeforeAsync(session, reference) ? null : mute;
        }

        Room? room;
        if (key.StartsWith('@'))
        {
            if (DirectPeer(session, key) is { } peer && !await CanReceiveDirectAsync(peer))
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

        if (MutedIn(session, key) is { } mute)
        {
            return mute;
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

    /// <summary>Someone connected with protocol 2, or a registered account (its messages wait for its next sign-in).</summary>
    private async ValueTask<bool> CanReceiveDirectAsync(string name)
    {
        var sessions = Members.SessionsOf(name);
        if (Array.Exists(sessions, s => s.TakesDirectMessages))
        {
            return true;
        }

        try
        {
            return await Accounts.IsRegisteredAsync(name) || await HeldElsewhereAsync(name.ToLowerInvariant());
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused("@" + name, ex.Message);
            return false;
        }
    }

    /// <summary>The refusal for a muted session's say or topic in <paramref name="key"/>: a mute there or on the whole server (server operators are never muted).</summary>
    private ChatRefusal? MutedIn(ChatSession session, string key)
    {
        if (session.IsAdmin)
        {
            return null;
        }

        var mute = (key.StartsWith('#') ? Moderation.Find(key, SanctionKind.Mute, session.Key, session.AddressText) : null)
            ?? Moderation.Find("", SanctionKind.Mute, session.Key, session.AddressText);
        return mute is null
            ? null
            : new ChatRefusal(ChatError.NotPermitted,
                $"You are muted {(mute.Key.Scope.Length == 0 ? "on this server" : "in " + mute.Key.Scope)} {Describe(mute)}.");
    }

    /// <summary>A ban's or mute's end and origin in words: "until 2026-11-25 21:00:00 UTC (by alice: spam)", "for good (by root)".</summary>
    public static string Describe(Sanction sanction)
    {
        var until = sanction.Until is { } end
            ? "until " + end.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC"
            : "for good";
        return $"{until} (by {sanction.By}{(string.IsNullOrEmpty(sanction.Reason) ? "" : ": " + sanction.Reason)})";
    }

    private static string Display(ChatSession session, string key) =>
        DirectKey.TryParse(key, out var first, out var second) ? "@" + (first == session.Key ? second : first) : key;
}
