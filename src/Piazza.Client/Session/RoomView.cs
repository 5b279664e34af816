namespace Piazza.Client.Session;

/// <summary>
/// One room (<c>#dev</c>) or direct conversation (<c>@bob</c>) as the page shows it: its log,
/// members and topic, what is unread, and how far back its history is loaded. Changed only on the
/// page's renderer, by <see cref="ChatSession"/>.
/// </summary>
/// <remarks>
/// The log has two parts. First the room's events in id order, with the page's own notices among
/// them; then your messages the server has not confirmed yet, in the order typed. A confirmed
/// message moves from the second part to the end of the first, where the room's order puts it.
/// </remarks>
public sealed class RoomView
{
    /// <summary>The log keeps this many entries; older ones leave the top, and scrolling back fetches them again.</summary>
    public const int MaxEntries = 20_000;

    private readonly List<ChatEntry> _log = [];

    /// <summary>Entries before this index are the room's events and notices; from it on, your messages not yet confirmed.</summary>
    private int _confirmed;

    /// <summary>Where replayed events go (above the notice of the join that replayed them), or -1: at the end.</summary>
    private int _replayAt = -1;

    public RoomView(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary><c>#dev</c> or <c>@bob</c>, lowercase, as the client names it.</summary>
    public string Name { get; }

    public bool IsDirect => Name.StartsWith('@');

    public string? Topic { get; set; }

    public IReadOnlyList<string> Users { get; set; } = [];

    /// <summary>The room's operators (lowercase names).</summary>
    public IReadOnlyList<string> Operators { get; set; } = [];

    public bool IsOperator(string user) => Operators.Contains(user, Piazza.Protocol.UsernameRules.Comparer);

    /// <summary>Who is muted here, as far as this page knows (see <see cref="RoomMutes"/> for what it cannot know).</summary>
    public RoomMutes Mutes { get; } = new();

    /// <summary>The mute of <paramref name="user"/> in force at <paramref name="now"/>, or null when none is known.</summary>
    public MuteState? MuteOf(string user, DateTimeOffset now) => Mutes.Of(user, now);

    /// <summary>True while the server has the room open for this connection.</summary>
    public bool IsJoined { get; set; }

    public IReadOnlyList<ChatEntry> Log => _log;

    /// <summary>The notice of the join that opened it is in the log (or none is due: a conversation).</summary>
    public bool Announced { get; set; }

    /// <summary>Messages from others that arrived while you were not looking at the room.</summary>
    public int Unread { get; private set; }

    /// <summary>One of the unread messages names you.</summary>
    public bool Mentioned { get; private set; }

    /// <summary>Unread messages that call for you: those naming you, and every message of a conversation.</summary>
    public int Alerts { get; private set; }

    /// <summary>The key of the first message that was new when you came to the room; the "New messages" divider sits above it.</summary>
    public string? DividerKey { get; private set; }

    /// <summary>The room's history is loaded back to its first event.</summary>
    public bool ReachedBeginning { get; set; }

    /// <summary>A page of older events is being fetched.</summary>
    public bool IsLoadingOlder { get; set; }

    /// <summary>
    /// Scrolling back cannot fetch more now: the last attempt failed (not connected), or the
    /// server started the room's history afresh under what is shown (a new epoch), so older pages
    /// would mix two histories. Cleared when the room opens again.
    /// </summary>
    public bool OlderUnavailable { get; set; }

    /// <summary>
    /// Entries ever put above the first one (scrollback) less those trimmed from the top: the
    /// entry at index <c>i</c> keeps the position <c>i - Origin</c> however the log grows at the top.
    /// </summary>
    public long Origin { get; private set; }

    /// <summary>The newest event id of the room handed to this page, or the cursor the room came back with.</summary>
    public long LastId { get; set; }

    /// <summary>The oldest event id of the room's current history this page has seen, shown or not; null when none.</summary>
    public long? OldestSeenId { get; private set; }

    /// <summary>Scrolling back asks for the events before this id.</summary>
    public long OlderBefore => OldestSeenId ?? LastId + 1;

    /// <summary>Grows with every change, so a view can tell that it has nothing new to draw.</summary>
    public int Version { get; private set; }

    /// <summary>The number of confirmed entries (events and notices); your unconfirmed messages follow them.</summary>
    public int ConfirmedCount => _confirmed;

    public void Touch() => Version++;

    /// <summary>An event id of the room's current history was seen (handed out, replayed or loaded).</summary>
    public void Saw(long id)
    {
        OldestSeenId = OldestSeenId is { } oldest ? Math.Min(oldest, id) : id;
        LastId = Math.Max(LastId, id);
    }

    /// <summary>The room's history starts afresh (first open, or a new epoch): ids from before mean nothing now.</summary>
    public void StartHistory(long lastId)
    {
        OldestSeenId = null;
        LastId = lastId;
        ReachedBeginning = lastId == 0;
        Version++;
    }

    /// <summary>A room event or a notice, after everything confirmed and before your unconfirmed messages.</summary>
    public void Append(ChatEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _log.Insert(_confirmed, entry);
        _confirmed++;
        if (entry is MessageEntry { IsOwn: true, Id: { } id })
        {
            // The same message may wait below as sent: a resend the server had stored already comes
            // back as a replayed event, not as the confirmation of this page's copy.
            RemoveOutgoing(m => m.Delivery == DeliveryState.Sent && m.Id == id);
        }

        Trim();
        Version++;
    }

    /// <summary>The events replayed on joining (recent history, or what was missed) go above the join's notice.</summary>
    public void StartReplayBefore(NoticeEntry notice)
    {
        Append(notice);
        _replayAt = _confirmed - 1;
    }

    /// <summary>Replays from now on go at the end (a live event came: the replay is over).</summary>
    public void EndReplay() => _replayAt = -1;

    /// <summary>A replayed event: above the notice of the join that replayed it, if there is one.</summary>
    public void AppendReplay(ChatEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_replayAt < 0 || _replayAt > _confirmed)
        {
            Append(entry);
            return;
        }

        _log.Insert(_replayAt, entry);
        _replayAt++;
        _confirmed++;
        Trim();
        Version++;
    }

    /// <summary>Older events, oldest first, above everything.</summary>
    public void Prepend(IReadOnlyList<ChatEntry> older)
    {
        ArgumentNullException.ThrowIfNull(older);
        if (older.Count == 0)
        {
            return;
        }

        _log.InsertRange(0, older);
        _confirmed += older.Count;
        if (_replayAt >= 0)
        {
            _replayAt += older.Count;
        }

        Origin += older.Count;
        Version++;
    }

    /// <summary>One of your messages, just typed: it waits below everything confirmed.</summary>
    public void AddOutgoing(MessageEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _log.Add(entry);
        Version++;
    }

    /// <summary>Your unconfirmed message with this ref, or null.</summary>
    public MessageEntry? FindOutgoing(string reference)
    {
        for (var i = _confirmed; i < _log.Count; i++)
        {
            if (_log[i] is MessageEntry { Ref: { } r } m && string.Equals(r, reference, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>Replaces your unconfirmed message with this ref (a new state); false when there is none.</summary>
    public bool UpdateOutgoing(string reference, Func<MessageEntry, MessageEntry> change, bool moveToEnd = false)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var i = _confirmed; i < _log.Count; i++)
        {
            if (_log[i] is MessageEntry { Ref: { } r } m && string.Equals(r, reference, StringComparison.Ordinal))
            {
                var changed = change(m);
                if (changed is { Delivery: DeliveryState.Sent, Id: { } id } && HasConfirmed(id, m.From))
                {
                    // Shown already, as a replayed event of the room.
                    _log.RemoveAt(i);
                }
                else if (moveToEnd)
                {
                    _log.RemoveAt(i);
                    _log.Add(changed);
                }
                else
                {
                    _log[i] = changed;
                }

                Version++;
                return true;
            }
        }

        return false;
    }

    /// <summary>The server stored your message: it takes its place among the room's events.</summary>
    public void Confirm(string reference, Func<MessageEntry?, MessageEntry> confirmed)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        MessageEntry? waiting = null;
        for (var i = _confirmed; i < _log.Count; i++)
        {
            if (_log[i] is MessageEntry { Ref: { } r } m && string.Equals(r, reference, StringComparison.Ordinal))
            {
                waiting = m;
                _log.RemoveAt(i);
                break;
            }
        }

        Append(confirmed(waiting));
    }

    /// <summary>Every unconfirmed message of yours, for a state change that concerns them all.</summary>
    public IEnumerable<MessageEntry> Outgoing => _log.Skip(_confirmed).OfType<MessageEntry>();

    public void CountUnread(bool mention, bool alert)
    {
        Unread++;
        Mentioned |= mention;
        if (alert)
        {
            Alerts++;
        }

        Version++;
    }

    /// <summary>Takes back what was unread when the app last closed.</summary>
    public void RestoreUnread(int messages, int alerts, bool mentioned)
    {
        Unread += messages;
        Alerts += alerts;
        Mentioned |= mentioned;
        Version++;
    }

    /// <summary>Marks where the news starts, unless a mark is there already.</summary>
    public void MarkNewFrom(string key)
    {
        if (DividerKey is null)
        {
            DividerKey = key;
            Version++;
        }
    }

    /// <summary>You are looking at the room: nothing in it is unread any more (the divider stays while you are there).</summary>
    public void MarkRead()
    {
        if (Unread != 0 || Alerts != 0 || Mentioned)
        {
            Unread = 0;
            Alerts = 0;
            Mentioned = false;
            Version++;
        }
    }

    /// <summary>You left the room's page, or wrote in it: the next news gets a new divider.</summary>
    public void ClearDivider()
    {
        if (DividerKey is not null)
        {
            DividerKey = null;
            Version++;
        }
    }

    /// <summary>Index of the entry with this key, or -1.</summary>
    public int IndexOf(string key) => _log.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));

    private bool HasConfirmed(long id, string from)
    {
        // Recent entries are at the end; a replay that overlapped a resend is near it.
        for (var i = _confirmed - 1; i >= 0 && i >= _confirmed - 2000; i--)
        {
            if (_log[i] is MessageEntry { Id: { } shown } m && shown == id && string.Equals(m.From, from, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void RemoveOutgoing(Predicate<MessageEntry> match)
    {
        for (var i = _log.Count - 1; i >= _confirmed; i--)
        {
            if (_log[i] is MessageEntry m && match(m))
            {
                _log.RemoveAt(i);
            }
        }
    }

    private void Trim()
    {
        var excess = _confirmed - MaxEntries;
        if (excess <= 0)
        {
            return;
        }

        _log.RemoveRange(0, excess);
        _confirmed -= excess;
        _replayAt = _replayAt < 0 ? -1 : Math.Max(0, _replayAt - excess);
        Origin -= excess;
        ReachedBeginning = false;
        if (_log.FirstOrDefault(e => e.Id is not null)?.Id is { } first)
        {
            OldestSeenId = first;
        }
    }
}
