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
    private readonly List<Departure> _departures = [];
    private SortedDictionary<long, (RoomEvent Event, AppendContext? Context)>? _pending;
    private long _delivered;
    private string? _topic;

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

    public int MemberCount
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
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
        var result = await _hub.Store.AppendAsync(draft);
        if (result.Status == AppendStatus.Committed)
        {
            Committed(new RoomEvent(result.Event!), context);
        }

        return result;
    }

    /// <summary>
    /// A committed event of this room: delivered now if it is the next id, else held until the
    /// ones before it have been delivered (appends can complete out of order).
    /// </summary>
    public void Committed(RoomEvent roomEvent, AppendContext? context)
    {
        List<ISessionSink>? overflowed = null;
        lock (_gate)
        {
            if (roomEvent.Id <= _delivered)
            {
                return;
            }

            if (roomEvent.Id != _delivered + 1)
            {
                (_pending ??= []).TryAdd(roomEvent.Id, (roomEvent, context));
                return;
            }

            DeliverLocked(roomEvent, context, ref overflowed);
            while (_pending is { Count: > 0 } && _pending.Remove(_delivered + 1, out var next))
            {
                DeliverLocked(next.Event, next.Context, ref overflowed);
            }
        }

        Evict(overflowed);
    }

    private void DeliverLocked(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        _delivered = roomEvent.Id;
        var subject = context?.Subject;
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

                subject?.CatchUp.TrySetResult(Task.CompletedTask);
                break;
            case EventKind.Left:
                // One who parts sees its own left; one who said goodbye is leaving the server and does not.
                OfferAll(roomEvent, except: subject is { Departing: true } ? subject : null, ref overflowed);
                if (subject is not null)
                {
                    RemoveLocked(subject);
                    subject.State = MembershipState.Gone;
                    subject.Session.Remove(subject);
                    subject.Departed.TrySetResult();
                }

                break;
            case EventKind.Topic:
                _topic = string.IsNullOrWhiteSpace(roomEvent.Data.Text) ? null : roomEvent.Data.Text;
                // A version 1 client knows no topics: it must notice nothing of them (protocol §7).
                OfferAll(roomEvent, except: null, ref overflowed, minimumProtocol: 2);
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
    }

    private void DeliverMessageLocked(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        var origin = context?.Origin;
        var acked = false;
        foreach (var member in _members)
        {
            var isOrigin = ReferenceEquals(member.Session, origin);
            acked |= isOrigin;
            if (!member.Offer(roomEvent, context?.Ref, ack: isOrigin))
            {
                (overflowed ??= []).Add(member.Session.Sink);
            }
        }

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
    }

    private string[] UsersLocked()
    {
        if (IsDirect)
        {
            return First == Second ? [First!] : [First!, Second!];
        }

        var names = new string[_members.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _members[i].Session.Name;
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
