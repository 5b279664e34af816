using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// A room or a direct conversation: its members and the in-order delivery of its committed
/// events. Every event goes to the store first; only when the store has committed it does the room
/// offer it to each member, in id order, under one lock, never waiting on a socket.
/// </summary>
internal sealed partial class Room
{
    private readonly Lock _gate = new();
    private readonly ChatHub _hub;
    private readonly List<Membership> _members = [];
    private readonly Dictionary<string, List<Membership>> _byPerson = new(StringComparer.Ordinal);
    private readonly List<Departure> _departures = [];
    private readonly Dictionary<string, Task> _turns = new(StringComparer.Ordinal);
    private SortedDictionary<long, (RoomEvent Event, AppendContext? Context)>? _pending;
    private long _delivered;
    private string? _topic;
    private int _creatorClaimed;

    public Room(ChatHub hub, RoomInfo info)
    {
        _hub = hub;
        Key = info.Room;
        Epoch = info.Epoch;
        _topic = info.Topic;
        _delivered = info.LastId;
        if (DirectKey.TryParse(Key, out var first, out var second))
        {
            IsDirect = true;
            First = first;
            Second = second;
        }
    }

    /// <summary>True for a room this process created (not loaded from the store): its first joiner is its creator.</summary>
    public bool IsNew { get; init; }

    /// <summary>True once, for whoever asks first of a new room: the creator, who becomes its first operator.</summary>
    public bool ClaimCreator() => IsNew && Interlocked.Exchange(ref _creatorClaimed, 1) == 0;

    /// <summary>The store's key: <c>#dev</c>, or <c>@alice@bob</c> for a direct conversation.</summary>
    public string Key { get; }

    /// <summary>The epoch of the room's history.</summary>
    public string Epoch { get; }

    /// <summary>True for a direct conversation.</summary>
    public bool IsDirect { get; }

    /// <summary>For a direct conversation: the first person's key (alphabetically).</summary>
    public string? First { get; }

    /// <summary>For a direct conversation: the second person's key.</summary>
    public string? Second { get; }

    public string? Topic
    {
        get
        {
            lock (_gate)
            {
                return _topic;
            }
        }
    }

    /// <summary>People present (a person with several sessions in the room counts once).</summary>
    public int MemberCount
    {
        get
        {
            lock (_gate)
            {
                return _byPerson.Count + _remote.Count(r => !_byPerson.ContainsKey(r.Key));
            }
        }
    }

    /// <summary>True when <paramref name="personKey"/> has a session in the room.</summary>
    public bool IsPresent(string personKey)
    {
        lock (_gate)
        {
            return _byPerson.ContainsKey(personKey);
        }
    }

    /// <summary>The keys of the people in the room with a session from <paramref name="address"/>.</summary>
    public string[] PeopleFrom(string address)
    {
        lock (_gate)
        {
            return [.. _members.Where(m => m.Session.AddressText == address).Select(m => m.Session.Key).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>The newest id delivered to members.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _delivered;
            }
        }
    }

    /// <summary>The names of the members (the newest joiner last; otherwise in no meaningful order).</summary>
    public string[] Users()
    {
        lock (_gate)
        {
            return UsersLocked();
        }
    }

    /// <summary>Which view of this room's events <paramref name="session"/> has.</summary>
    public EventView ViewOf(ChatSession session) =>
        IsDirect && session.Key == Second && First != Second ? EventView.Second : EventView.Live;

    /// <summary>Stores an event and, once committed, delivers it in order.</summary>
    public async ValueTask<AppendResult> AppendAsync(EventDraft draft, AppendContext? context)
    {
        draft = Track(draft, context, out var origin);
        try
        {
            var result = await _hub.Store.AppendAsync(draft);
            if (result.Status == AppendStatus.Committed)
            {
                Committed(new RoomEvent(result.Event!), context);
            }

            return result;
        }
        finally
        {
            Untrack(origin);
        }
    }

    /// <summary>
    /// A committed event of this room: delivered now if it is the next id, else held until the
    /// ones before it have been delivered (appends can complete out of order).
    /// </summary>
    public void Committed(RoomEvent roomEvent, AppendContext? context)
    {
        List<ISessionSink>? overflowed = null;
        bool held;
        try
        {
            held = CommittedCore(roomEvent, context, ref overflowed);
        }
        finally
        {
            Evict(overflowed);
        }

        if (held)
        {
            ScheduleFill();
        }
    }

    /// <summary>Delivers or holds the event; true when it is held behind a gap.</summary>
    private bool CommittedCore(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        lock (_gate)
        {
            if (roomEvent.Id <= _delivered)
            {
                return false;
            }

            if (roomEvent.Id != _delivered + 1)
            {
                // The feed's copy and the store's reply of one event of this node may both come:
                // the one with the context wins.
                _pending ??= [];
                if (!_pending.TryAdd(roomEvent.Id, (roomEvent, context)) && context is not null && _pending[roomEvent.Id].Context is null)
                {
                    _pending[roomEvent.Id] = (roomEvent, context);
                }

                return true;
            }

            DeliverLocked(roomEvent, context, ref overflowed);
            while (_pending is { Count: > 0 } && _pending.Remove(_delivered + 1, out var next))
            {
                DeliverLocked(next.Event, next.Context, ref overflowed);
            }

            return false;
        }
    }

    private void DeliverLocked(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        _delivered = roomEvent.Id;
        var subject = context?.Subject;
        if (roomEvent.Kind is EventKind.Joined or EventKind.Left)
        {
            TrackPresenceLocked(roomEvent, subject);
        }

        switch (roomEvent.Kind)
        {
            case EventKind.Joined:
                OfferAll(roomEvent, except: subject, ref overflowed);
                if (subject is { State: MembershipState.Joining or MembershipState.Leaving } && !subject.Session.IsClosed)
                {
                    AddLocked(subject);
                    if (subject.State == MembershipState.Joining)
                    {
                        subject.CatchUp.TrySetResult(BeginCatchUpLocked(subject, context!.Cursor, roomEvent.Id, joined: true));
                    }
                }
                else
                {
                    // Gone before its joined came back: whoever waits for it to be admitted stops waiting.
                    subject?.Admitted.TrySetResult(false);
                }

                subject?.CatchUp.TrySetResult(Task.CompletedTask);
                break;
            case EventKind.Left:
                // One who parts (or is kicked) sees its own left, on every session; one who said
                // goodbye is leaving the server and does not.
                OfferAll(roomEvent, except: subject is { Departing: true } ? subject : null, ref overflowed);
                if (subject is not null)
                {
                    // A left is stored only when the person leaves the room as a whole: every
                    // session of theirs still in it goes with it.
                    if (_byPerson.TryGetValue(subject.Session.Key, out var sessions))
                    {
                        foreach (var other in sessions.ToArray())
                        {
                            Gone(other);
                        }
                    }

                    Gone(subject);
                }

                break;
            case EventKind.Topic:
                _topic = string.IsNullOrWhiteSpace(roomEvent.Data.Text) ? null : roomEvent.Data.Text;
                // A version 1 client knows no topics: it must notice nothing of them (protocol §7).
                OfferAll(roomEvent, except: null, ref overflowed, minimumProtocol: 2);
                break;
            case EventKind.Ban or EventKind.Unban or EventKind.Mute or EventKind.Unmute or EventKind.Op or EventKind.Deop:
                OfferAll(roomEvent, except: null, ref overflowed);
                break;
            default:
                if (IsDirect)
                {
                    DeliverDirectLocked(roomEvent, context, ref overflowed);
                }
                else
                {
                    DeliverMessageLocked(roomEvent, context, ref overflowed);
                }

                break;
        }

        // An operator acting on a room it is not in (a server operator) sees the outcome too.
        if (context is { Echo: true, Origin: { } origin } && !_byPerson.ContainsKey(origin.Key)
            && !origin.Sink.Deliver(roomEvent, EventView.Live))
        {
            (overflowed ??= []).Add(origin.Sink);
        }
    }

    private void Gone(Membership membership)
    {
        RemoveLocked(membership);
        membership.State = MembershipState.Gone;
        membership.Session.Remove(membership);
        membership.Admitted.TrySetResult(false);
        membership.Departed.TrySetResult();
    }

    private void DeliverMessageLocked(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        var origin = context?.Origin;
        var acked = false;
        var delivered = 0;
        foreach (var member in _members)
        {
            var isOrigin = ReferenceEquals(member.Session, origin);
            acked |= isOrigin;
            if (!member.Offer(roomEvent, context?.Ref, ack: isOrigin))
            {
                (overflowed ??= []).Add(member.Session.Sink);
            }
            else if (!isOrigin)
            {
                delivered++;
            }
        }

        Hosting.ServerMetrics.Messages.Add(1);
        Hosting.ServerMetrics.Deliveries.Add(delivered);

        // The sender left the room while its message was being stored: it still gets its ack.
        if (!acked && origin is not null && !origin.Sink.Acknowledge(roomEvent, EventView.Live, context?.Ref))
        {
            (overflowed ??= []).Add(origin.Sink);
        }
    }

    private void OfferAll(RoomEvent roomEvent, Membership? except, ref List<ISessionSink>? overflowed, int minimumProtocol = 1)
    {
        foreach (var member in _members)
        {
            if (!ReferenceEquals(member, except) && member.Session.Protocol >= minimumProtocol && !member.Offer(roomEvent, null, ack: false))
            {
                (overflowed ??= []).Add(member.Session.Sink);
            }
        }
    }

    private void AddLocked(Membership membership)
    {
        membership.Index = _members.Count;
        _members.Add(membership);
        if (!_byPerson.TryGetValue(membership.Session.Key, out var sessions))
        {
            sessions = [];
            _byPerson.Add(membership.Session.Key, sessions);
        }

        sessions.Add(membership);
        membership.Admitted.TrySetResult(true);
    }

    private void RemoveLocked(Membership membership)
    {
        var index = membership.Index;
        if (index < 0)
        {
            return;
        }

        // Swap-remove keeps removal O(1) in a room of thousands; member order carries no meaning.
        var last = _members[^1];
        _members[index] = last;
        last.Index = index;
        _members.RemoveAt(_members.Count - 1);
        membership.Index = -1;
        if (_byPerson.TryGetValue(membership.Session.Key, out var sessions) && sessions.Remove(membership) && sessions.Count == 0)
        {
            _byPerson.Remove(membership.Session.Key);
        }
    }

    private string[] UsersLocked()
    {
        if (IsDirect)
        {
            return First == Second ? [First!] : [First!, Second!];
        }

        if (_remote.Count > 0)
        {
            // Members on other nodes first, then this node's in member order.
            var local = LocalUsersLocked();
            return [.. _remote.Where(r => !_byPerson.ContainsKey(r.Key)).Select(r => r.Value), .. local];
        }

        return LocalUsersLocked();
    }

    private string[] LocalUsersLocked()
    {
        var names = new string[_byPerson.Count];
        if (names.Length == _members.Count)
        {
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _members[i].Session.Name;
            }

            return names;
        }

        // Someone is here on several sessions: each name once, in member order (the newest joiner last).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var at = names.Length;
        for (var i = _members.Count - 1; i >= 0 && at > 0; i--)
        {
            if (seen.Add(_members[i].Session.Key))
            {
                names[--at] = _members[i].Session.Name;
            }
        }

        return names;
    }

    private static void Evict(List<ISessionSink>? overflowed)
    {
        if (overflowed is null)
        {
            return;
        }

        foreach (var sink in overflowed)
        {
            sink.Evict();
        }
    }
}
