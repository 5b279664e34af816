using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Joins a room (<c>#dev</c>; the server creates it if it is new) or opens a direct
    /// conversation (<c>@bob</c>), and completes when the server has described it; its events then
    /// follow as for every room. The room is remembered: it is rejoined after a reconnect and, with
    /// a <see cref="ChatConnectionOptions.CursorStore"/>, after a restart. Joining a room the client
    /// is in already only returns it.
    /// </summary>
    /// <exception cref="ChatRequestException">The name breaks the rules (<c>invalid_room</c>), the server refused the join, or the client is not connected.</exception>
    /// <remarks>Cancelling <paramref name="ct"/> only stops the waiting: the room stays joined.</remarks>
    public async Task<ChatRoom> JoinAsync(string room, CancellationToken ct = default)
    {
        var name = CheckAddress(room);
        RoomRequest request;
        lock (_gate)
        {
            var session = LiveSessionLocked();
            if (_rooms.TryGetValue(name, out var existing) && existing.IsOpen)
            {
                return Snapshot(existing);
            }

            if (session.Lanes.TryGetValue(name, out var lane) && lane.Current is { Kind: RoomRequestKind.Join } pending)
            {
                // Being joined already (the hello named it): the same answer will do.
                request = pending;
            }
            else
            {
                var timeline = AddRoomLocked(name, epoch: null, lastId: 0);
                timeline.Parting = false;
                request = JoinRequest(timeline);
                EnqueueLocked(session, name, request);
            }
        }

        return (ChatRoom)(await request.Answer.Task.WaitAsync(ct))!;
    }

    /// <summary>
    /// Leaves a room: completes when the server confirms it (everyone in the room sees the client
    /// leave). A direct conversation is closed at once: the server does not confirm that, and a new
    /// message in it opens it again. The room and its cursor are forgotten.
    /// </summary>
    /// <exception cref="ChatRequestException">The client is not in that room (<c>not_in_room</c>), the server refused, or the client is not connected.</exception>
    public async Task PartAsync(string room, CancellationToken ct = default)
    {
        var name = CheckAddress(room);
        RoomRequest request;
        lock (_gate)
        {
            var session = LiveSessionLocked();
            if (!_rooms.TryGetValue(name, out var timeline) || timeline.Parting)
            {
                throw new ChatRequestException(ErrorCodes.NotInRoom, Sentences.NotInRoom(name));
            }

            if (timeline.IsDirect)
            {
                if (timeline.IsOpen)
                {
                    Send(session, new PartFrame(name));
                }

                RemoveRoomLocked(timeline, reason: null);
                return;
            }

            // From now on a reconnect does not rejoin it, whatever becomes of the request.
            timeline.Parting = true;
            CursorsChangedLocked();
            request = new RoomRequest(RoomRequestKind.Part, new PartFrame(name));
            EnqueueLocked(session, name, request);
        }

        await request.Answer.Task.WaitAsync(ct);
    }

    /// <summary>Sets the topic of a room the client is in (empty clears it); completes when the server has announced it to the room.</summary>
    /// <exception cref="ChatRequestException">The topic breaks the rules (<c>invalid_text</c>), the client is not in that room, the server refused, or the client is not connected.</exception>
    public async Task SetTopicAsync(string room, string topic, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var name = CheckAddress(room);
        var verdict = TopicRules.Validate(topic);
        if (!verdict.IsValid)
        {
            throw new ChatRequestException(verdict.Code ?? ErrorCodes.InvalidText, verdict.Message!);
        }

        RoomRequest request;
        lock (_gate)
        {
            var session = LiveSessionLocked();
            if (RoomNameRules.IsDirect(name))
            {
                throw new ChatRequestException(ErrorCodes.InvalidRoom, Sentences.NoTopicInConversation);
            }

            if (!_rooms.TryGetValue(name, out var timeline) || timeline.Parting)
            {
                throw new ChatRequestException(ErrorCodes.NotInRoom, Sentences.NotInRoom(name));
            }

            request = new RoomRequest(RoomRequestKind.Topic, new TopicFrame(name, topic));
            EnqueueLocked(session, name, request);
        }

        await request.Answer.Task.WaitAsync(ct);
    }

    /// <summary>Every room on the server, by name, with its topic and how many are in it (direct conversations are never listed).</summary>
    /// <exception cref="ChatRequestException">The client is not connected, or the connection ended before the answer.</exception>
    public async Task<IReadOnlyList<RoomListing>> ListRoomsAsync(CancellationToken ct = default)
    {
        var answer = new TaskCompletionSource<IReadOnlyList<RoomListing>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var session = LiveSessionLocked();
            session.ListWaiters.Enqueue(answer);
            Send(session, RoomsFrame.Request);
        }

        return await answer.Task.WaitAsync(ct);
    }

    /// <summary>Joins, on a new connection, every room the hello did not name already; those it named are being joined.</summary>
    private void JoinRoomsLocked(Session session, IReadOnlyDictionary<string, RoomCursor>? inHello)
    {
        foreach (var timeline in _rooms.Values.ToList())
        {
            if (timeline.Parting)
            {
                RemoveRoomLocked(timeline, reason: null);
            }
            else if (inHello is not null && inHello.ContainsKey(timeline.Room))
            {
                LaneLocked(session, timeline.Room).Enqueue(JoinRequest(timeline));
            }
            else
            {
                EnqueueLocked(session, timeline.Room, JoinRequest(timeline));
            }
        }
    }

    private static RoomRequest JoinRequest(RoomTimeline timeline)
    {
        var cursor = timeline.Cursor;
        return new RoomRequest(RoomRequestKind.Join, new JoinFrame(timeline.Room, cursor.Since, cursor.Epoch));
    }

    /// <summary>The connection to send on, or why there is none.</summary>
    private Session LiveSessionLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _session is { EndedByUser: false } session
            ? session
            : throw new ChatRequestException(SendErrorCodes.NotConnected,
                _session is null ? Sentences.NotConnectedFor(_status.State) : Sentences.Disconnecting);
    }

    /// <summary>A room name or address checked by the shared rules and put in the form the server sends it in.</summary>
    private static string CheckAddress(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        var trimmed = room.Trim();
        var verdict = RoomNameRules.ValidateAddress(trimmed);
        return verdict.IsValid
            ? RoomNameRules.Normalize(trimmed)
            : throw new ChatRequestException(ErrorCodes.InvalidRoom, verdict.Message!);
    }

    private static RoomLane LaneLocked(Session session, string room)
    {
        if (!session.Lanes.TryGetValue(room, out var lane))
        {
            lane = new RoomLane();
            session.Lanes.Add(room, lane);
        }

        return lane;
    }

    /// <summary>Queues a request about a room; it goes out when the one before it is answered.</summary>
    private static void EnqueueLocked(Session session, string room, RoomRequest request)
    {
        if (LaneLocked(session, room).Enqueue(request) is { } now)
        {
            Send(session, now.Frame);
        }
    }

    /// <summary>The current request about <paramref name="room"/> is answered: the next one goes out.</summary>
    private static void AdvanceLocked(Session session, string room)
    {
        if (session.Lanes.TryGetValue(room, out var lane) && lane.Advance() is { } next)
        {
            Send(session, next.Frame);
        }
    }

    /// <summary>Every frame a session sends after the hello goes through here, so the flood-control estimate counts it.</summary>
    private static TimeSpan Send(Session session, Frame frame)
    {
        var wait = session.Rate.Take();
        session.Connection.TrySend(frame);
        return wait;
    }
}
