using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// One room's events on their way out, exact by construction. It keeps the cursor (epoch, id of
/// the last event handed out) and releases each event once, in id order: an event that arrives
/// early waits until those before it are out; a gap (the server skipped ids, a truncated replay)
/// is repaired with <c>history</c> pages before anything after it is released. Guarded by the
/// client's lock; it never touches the network itself, the client sends the pages it asks for.
/// </summary>
internal sealed class RoomTimeline(string room)
{
    private readonly SortedDictionary<long, Held> _held = [];

    /// <summary>The id the next event released must have.</summary>
    private long _next;

    /// <summary>The open room frame's lastId: events up to it happened before this connection's view began.</summary>
    private long _frameLastId;

    /// <summary>Non-zero after joining without a usable cursor: replayed events up to it are recent history.</summary>
    private long _recentUpTo;

    /// <summary>The newest id known to exist in the room.</summary>
    private long _knownLast;

    private bool _repairWanted;
    private bool _repairing;
    private long _repairFrom;
    private long _repairBefore;

    public string Room { get; } = room;

    public bool IsDirect { get; } = RoomNameRules.IsDirect(room);

    /// <summary>The cursor's epoch: null until the room's history is known.</summary>
    public string? Epoch { get; private set; }

    /// <summary>The cursor's id: the last event handed out, or skipped as the client's own join.</summary>
    public long LastId { get; private set; }

    public string? Topic { get; private set; }

    public IReadOnlyList<string> Users { get; private set; } = [];

    /// <summary>The room's operators: from the room frame, then changed by live <c>op</c> and <c>deop</c> events.</summary>
    public IReadOnlyList<string> Operators { get; private set; } = [];

    /// <summary>True between this connection's room frame and the end of the connection.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>The smallest id handed out or loaded, 0 when none: scrollback asks for what is before it.</summary>
    public long OldestSeen { get; private set; }

    public bool ReachedBeginning { get; private set; }

    /// <summary>The client's own name on this connection.</summary>
    public string Me { get; private set; } = "";

    /// <summary>True once the client asked to leave: a reconnect does not rejoin it, and it is not saved.</summary>
    public bool Parting { get; set; }

    /// <summary>True while a repair page is asked for and not answered.</summary>
    public bool IsRepairing => _repairing;

    /// <summary>What <c>hello</c> or <c>join</c> carries: the cursor, or none.</summary>
    public RoomCursor Cursor => Epoch is null ? RoomCursor.None : new RoomCursor(LastId, Epoch);

    /// <summary>Where scrollback starts: before the oldest event seen, or from the newest when none.</summary>
    public long? ScrollbackBefore => OldestSeen > 0 ? OldestSeen : LastId > 0 ? LastId + 1 : null;

    /// <summary>Takes a saved cursor (before the first connection).</summary>
    public void Restore(string? epoch, long lastId)
    {
        Epoch = epoch;
        LastId = epoch is null ? 0 : Math.Max(0, lastId);
    }

    /// <summary>
    /// The room frame of this connection. Returns true when what follows continues the events
    /// handed out before (a cursor of this history), false when it starts afresh with the room's
    /// recent history. Nothing is released here: the caller announces the room first, then calls
    /// <see cref="Release"/>.
    /// </summary>
    /// <param name="frame">The room frame.</param>
    /// <param name="joined">True when the frame answers a join: its lastId is the client's own <c>joined</c>, never sent to it.</param>
    /// <param name="me">The client's name.</param>
    public bool Open(RoomFrame frame, bool joined, string me)
    {
        IsOpen = true;
        Me = me;
        Users = frame.Users;
        Operators = frame.Operators ?? [];
        Topic = string.IsNullOrEmpty(frame.Topic) ? null : frame.Topic;
        _frameLastId = frame.LastId;
        _knownLast = Math.Max(_knownLast, frame.LastId);
        _repairing = false;
        var continues = Epoch is not null && Epoch == frame.Epoch && (joined ? LastId < frame.LastId : LastId <= frame.LastId);
        if (continues)
        {
            _recentUpTo = 0;
            _next = LastId + 1;
            if (joined)
            {
                _held[frame.LastId] = Held.Skip;
            }

            // A truncated replay does not reach back to the cursor: page the rest in.
            _repairWanted = frame.Truncated;
        }
        else
        {
            Epoch = frame.Epoch;
            LastId = frame.LastId;
            _next = frame.LastId + 1;
            _recentUpTo = frame.LastId;
            _repairWanted = false;
            OldestSeen = frame.LastId + 1;
            ReachedBeginning = frame.LastId == 0;
        }

        if (OldestSeen == 0)
        {
            OldestSeen = _next;
        }

        DropHeldBelow(_next);
        return continues;
    }

    /// <summary>
    /// An event of the room: released now if it is the next one, kept if it is early, dropped if it
    /// was handed out already.
    /// </summary>
    /// <param name="roomEvent">The event (its source is decided when it is released).</param>
    /// <param name="replayed">True when the server marked it as replay.</param>
    /// <param name="canTrigger">
    /// Whether an early arrival means a gap to repair. Events in the stream's own order do; an
    /// acknowledgement of a resent message does not (it may overtake the replay that carries it).
    /// </param>
    /// <param name="sink">Where released events go.</param>
    public void Offer(RoomEvent roomEvent, bool replayed, bool canTrigger, ITimelineSink sink)
    {
        if (!IsOpen)
        {
            // Before the room frame: kept until the frame says where the room stands.
            Keep(roomEvent);
            return;
        }

        if (replayed && _recentUpTo > 0 && roomEvent.Id <= _recentUpTo)
        {
            // Recent history is sparse (messages only): passed through as context, in the order sent.
            OldestSeen = Math.Min(OldestSeen, roomEvent.Id);
            sink.Publish(roomEvent with { Source = EventSource.Recent });
            return;
        }

        if (roomEvent.Id < _next)
        {
            return;
        }

        Keep(roomEvent);
        _knownLast = Math.Max(_knownLast, roomEvent.Id);
        Release(sink);
        if (canTrigger && _held.Count > 0 && FirstHeldId > _next)
        {
            _repairWanted = true;
        }
    }

    /// <summary>Hands out every kept event that is next in line.</summary>
    public void Release(ITimelineSink sink)
    {
        while (_held.Count > 0)
        {
            var id = FirstHeldId;
            if (id > _next)
            {
                return;
            }

            var held = _held[id];
            _held.Remove(id);
            if (id < _next)
            {
                continue;
            }

            if (held.Event is { } roomEvent)
            {
                var source = id <= _frameLastId ? EventSource.CatchUp : EventSource.Live;
                LastId = id;
                _next = id + 1;
                OldestSeen = OldestSeen == 0 ? id : Math.Min(OldestSeen, id);
                sink.Publish(roomEvent with { Source = source });
                if (id > _frameLastId)
                {
                    Apply(roomEvent, sink);
                }
            }
            else if (held.MissingTo >= id)
            {
                LastId = held.MissingTo;
                _next = held.MissingTo + 1;
                sink.Publish(new EventsMissing(Room, id, held.MissingTo));
            }
            else
            {
                // The client's own join: never sent to it, only counted.
                LastId = id;
                _next = id + 1;
            }
        }
    }

    /// <summary>The next repair page to ask for (events from the next id up to the first kept one), or null when none is needed.</summary>
    public (long Before, int Limit)? TakeRepair()
    {
        if (!IsOpen || _repairing || !_repairWanted)
        {
            return null;
        }

        if (_held.Count == 0 && _knownLast < _next)
        {
            _repairWanted = false;
            return null;
        }

        var target = _held.Count > 0 ? FirstHeldId : _knownLast + 1;
        var before = Math.Min(_next + ProtocolLimits.MaxHistoryLimit, target);
        if (before <= _next)
        {
            _repairWanted = false;
            return null;
        }

        _repairing = true;
        _repairFrom = _next;
        _repairBefore = before;
        return (before, (int)(before - _next));
    }

    /// <summary>
    /// The page answering <see cref="TakeRepair"/>: its events fill the gap; ids in the range the
    /// server did not return no longer exist, and are reported as missing in their place.
    /// </summary>
    public void Repaired(IReadOnlyList<RoomEvent> events, ITimelineSink sink)
    {
        if (!_repairing)
        {
            return;
        }

        _repairing = false;
        foreach (var roomEvent in events)
        {
            if (roomEvent.Id >= _next && roomEvent.Id >= _repairFrom && roomEvent.Id < _repairBefore)
            {
                Keep(roomEvent);
            }
        }

        MarkMissing(Math.Max(_next, _repairFrom), _repairBefore);
        Release(sink);
    }

    /// <summary>The repair page was refused for good: the gap is reported as missing so the room goes on.</summary>
    public void RepairFailed(ITimelineSink sink)
    {
        if (!_repairing)
        {
            return;
        }

        _repairing = false;
        MarkMissing(Math.Max(_next, _repairFrom), _repairBefore);
        Release(sink);
    }

    /// <summary>The repair page could not be read now: it is asked for again by the next <see cref="TakeRepair"/>.</summary>
    public void RepairPostponed() => _repairing = false;

    /// <summary>A scrollback page was loaded.</summary>
    public void Loaded(long? firstId, bool reachedBeginning)
    {
        if (firstId is { } id)
        {
            OldestSeen = OldestSeen == 0 ? id : Math.Min(OldestSeen, id);
        }

        ReachedBeginning |= reachedBeginning;
    }

    /// <summary>The connection ended: what it brought and did not release is dropped (the cursor is where to resume).</summary>
    public void Close()
    {
        IsOpen = false;
        Users = [];
        _held.Clear();
        _recentUpTo = 0;
        _repairWanted = false;
        _repairing = false;
    }

    private long FirstHeldId
    {
        get
        {
            using var first = _held.Keys.GetEnumerator();
            first.MoveNext();
            return first.Current;
        }
    }

    private void Keep(RoomEvent roomEvent)
    {
        // An event already kept wins, unless this copy knows its ref (the acknowledgement of the
        // client's own message and the server's copy of it carry the same event).
        if (!_held.TryGetValue(roomEvent.Id, out var existing) || existing.Event is MessageReceived { Ref: null } && roomEvent is MessageReceived { Ref: not null })
        {
            _held[roomEvent.Id] = new Held(roomEvent, 0);
        }
    }

    private void MarkMissing(long from, long before)
    {
        long? start = null;
        for (var id = from; id <= before; id++)
        {
            if (id < before && !_held.ContainsKey(id))
            {
                start ??= id;
                continue;
            }

            if (start is { } first)
            {
                _held[first] = new Held(null, id - 1);
                start = null;
            }
        }
    }

    private void DropHeldBelow(long id)
    {
        while (_held.Count > 0 && FirstHeldId < id)
        {
            _held.Remove(FirstHeldId);
        }
    }

    /// <summary>A live event changes the room's state: members and topic.</summary>
    private void Apply(RoomEvent roomEvent, ITimelineSink sink)
    {
        switch (roomEvent)
        {
            case UserJoined joined when !Users.Contains(joined.User, UsernameRules.Comparer):
                Users = [.. Users, joined.User];
                sink.UsersChanged(this);
                break;
            case UserLeft left when UsernameRules.Comparer.Equals(left.User, Me):
                // Only a part or a kick takes this client out; an older connection of the same
                // name leaving (replaced, lost) does not.
                if (left.Reason is LeaveReasons.Part or LeaveReasons.Kicked)
                {
                    sink.Departed(this, left);
                }

                break;
            case UserLeft left when Users.Contains(left.User, UsernameRules.Comparer):
                Users = [.. Users.Where(u => !UsernameRules.Comparer.Equals(u, left.User))];
                sink.UsersChanged(this);
                break;
            case TopicChanged topic:
                Topic = string.IsNullOrEmpty(topic.Topic) ? null : topic.Topic;
                sink.StateChanged(this);
                break;
            case ModerationChanged { Action: FrameTypes.Op } op when !Operators.Contains(op.User, UsernameRules.Comparer):
                Operators = [.. Operators, op.User.ToLowerInvariant()];
                sink.StateChanged(this);
                break;
            case ModerationChanged { Action: FrameTypes.Deop } deop when Operators.Contains(deop.User, UsernameRules.Comparer):
                Operators = [.. Operators.Where(u => !UsernameRules.Comparer.Equals(u, deop.User))];
                sink.StateChanged(this);
                break;
        }
    }

    /// <summary>A kept event, or in its place the client's own join (no event, no range) or a range the server no longer has.</summary>
    private readonly record struct Held(RoomEvent? Event, long MissingTo)
    {
        public static Held Skip => new(null, 0);
    }
}

/// <summary>Where a timeline's output goes.</summary>
internal interface ITimelineSink
{
    /// <summary>A room event or <see cref="EventsMissing"/>, in order.</summary>
    void Publish(ChatEvent chatEvent);

    void UsersChanged(RoomTimeline timeline);

    void StateChanged(RoomTimeline timeline);

    /// <summary>The client itself left the room (part, kick).</summary>
    void Departed(RoomTimeline timeline, UserLeft left);
}
