using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient : ITimelineSink
{
    /// <summary>How long a request the store could not serve waits before it is asked again.</summary>
    internal static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>A room's state on this connection: it opens (or resyncs) and its events follow.</summary>
    private void HandleRoomLocked(Session session, RoomFrame frame)
    {
        var room = RoomNameRules.Normalize(frame.Room);
        if (!_rooms.TryGetValue(room, out var timeline))
        {
            var isDirect = RoomNameRules.IsDirect(room);
            if (!isDirect && !session.AwaitingDefaultRoom)
            {
                Log.UnexpectedRoom(_logger, room);
                return;
            }

            // A conversation someone started, or the server's default room for a hello that named none.
            timeline = AddRoomLocked(room, epoch: null, lastId: 0);
        }

        if (!timeline.IsDirect)
        {
            session.AwaitingDefaultRoom = false;
        }

        var joined = !timeline.IsDirect && !timeline.IsOpen;
        var continues = timeline.Open(frame, joined, session.Me);
        var snapshot = Snapshot(timeline);
        _events.Publish(new RoomOpened(snapshot, continues));
        _events.Publish(new UsersChanged(room, timeline.Users));
        if (session.Lanes.TryGetValue(room, out var lane) && lane.Current is { Kind: RoomRequestKind.Join } join)
        {
            join.Answer.TrySetResult(snapshot);
            AdvanceLocked(session, room);
        }

        timeline.Release(this);
        RepairLocked(session, timeline);
        FlushOutboxLocked(session, room);
        CursorsChangedLocked();
    }

    /// <summary>A message, join, leave or topic of a room: into its timeline, which releases it in order.</summary>
    private void HandleRoomEventLocked(Session session, Frame frame, bool replayed)
    {
        if (RoomEventMapper.From(frame, EventSource.Live) is not { } roomEvent)
        {
            Log.UnexpectedFrame(_logger, frame.Type);
            return;
        }

        var room = roomEvent.Room;
        if (!replayed && session.Lanes.TryGetValue(room, out var lane) && IsAnswer(lane.Current, roomEvent, session.Me))
        {
            lane.Current!.Answer.TrySetResult(null);
            AdvanceLocked(session, room);
        }

        if (!_rooms.TryGetValue(room, out var timeline))
        {
            Log.UnexpectedRoom(_logger, room);
            return;
        }

        timeline.Offer(roomEvent, replayed, canTrigger: true, this);
        RepairLocked(session, timeline);
        CursorsChangedLocked();
    }

    /// <summary>A part is answered by the client's own live <c>left</c>, a topic request by the client's live topic event.</summary>
    private static bool IsAnswer(RoomRequest? request, RoomEvent roomEvent, string me) => (request?.Kind, roomEvent) switch
    {
        (RoomRequestKind.Moderate, _) => ModerationAnswers(request!, roomEvent, me),
        (RoomRequestKind.Part, UserLeft { Reason: LeaveReasons.Part } left) => UsernameRules.Comparer.Equals(left.User, me),
        (RoomRequestKind.Topic, TopicChanged topic) => UsernameRules.Comparer.Equals(topic.User, me),
        _ => false,
    };

    /// <summary>A history page: a repair of a gap, or the answer to a caller.</summary>
    private void HandleHistoryLocked(Session session, HistoryFrame frame)
    {
        var room = RoomNameRules.Normalize(frame.Room);
        if (!session.Lanes.TryGetValue(room, out var lane) || lane.Current is not { Kind: RoomRequestKind.History } request)
        {
            Log.UnexpectedFrame(_logger, frame.Type);
            return;
        }

        AdvanceLocked(session, room);
        if (!request.IsRepair)
        {
            request.Answer.TrySetResult(frame);
            return;
        }

        if (_rooms.TryGetValue(room, out var timeline))
        {
            timeline.Repaired(RoomEventMapper.FromPage(frame, EventSource.CatchUp), this);
            RepairLocked(session, timeline);
            CursorsChangedLocked();
        }
    }

    /// <summary>
    /// An error that names a room and no ref refuses the request about that room now out. A store
    /// that cannot serve a join or a repair now is asked again shortly; any other refusal is final.
    /// </summary>
    private void HandleRoomErrorLocked(Session session, ErrorFrame error, string room)
    {
        if (!session.Lanes.TryGetValue(room, out var lane) || lane.Current is not { } request)
        {
            return;
        }

        _rooms.TryGetValue(room, out var timeline);
        var retry = error.Code == ErrorCodes.StoreUnavailable && (request.Kind == RoomRequestKind.Join || request.IsRepair);
        if (retry)
        {
            RetryLaterLocked(session, request);
            return;
        }

        AdvanceLocked(session, room);
        switch (request.Kind)
        {
            case RoomRequestKind.Join when timeline is not null:
                RemoveRoomLocked(timeline, error.Message);
                FailOutboxForLocked(room, error.Code, error.Message);
                break;
            case RoomRequestKind.Part when timeline is not null:
                timeline.Parting = false;
                CursorsChangedLocked();
                break;
            case RoomRequestKind.History when request.IsRepair && timeline is not null:
                timeline.RepairFailed(this);
                RepairLocked(session, timeline);
                break;
        }

        request.Answer.TrySetException(new ChatRequestException(error.Code, error.Message));
    }

    /// <summary>Sends the request now out again after <see cref="StoreRetryDelay"/>, if the connection is still the same.</summary>
    private void RetryLaterLocked(Session session, RoomRequest request)
    {
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            lock (_gate)
            {
                timer?.Dispose();
                if (_session == session && !session.EndedByUser && session.Lanes.Values.Any(l => l.Current == request))
                {
                    Send(session, request.Frame);
                }
            }
        }, null, StoreRetryDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Asks for the next page that fills a gap in the room, if there is one and none is out.</summary>
    private static void RepairLocked(Session session, RoomTimeline timeline)
    {
        if (timeline.TakeRepair() is { } page)
        {
            EnqueueLocked(session, timeline.Room, new RoomRequest(RoomRequestKind.History, new HistoryFrame(timeline.Room, page.Before, page.Limit))
            {
                IsRepair = true,
            });
        }
    }

    void ITimelineSink.Publish(ChatEvent chatEvent) => _events.Publish(chatEvent);

    void ITimelineSink.UsersChanged(RoomTimeline timeline)
    {
        _events.Publish(new UsersChanged(timeline.Room, timeline.Users));
        _events.Publish(new RoomUpdated(Snapshot(timeline)));
    }

    void ITimelineSink.StateChanged(RoomTimeline timeline) => _events.Publish(new RoomUpdated(Snapshot(timeline)));

    void ITimelineSink.Departed(RoomTimeline timeline, UserLeft left)
    {
        if (_rooms.TryGetValue(timeline.Room, out var current) && current == timeline)
        {
            FailOutboxForLocked(timeline.Room, ErrorCodes.NotInRoom, Sentences.NotInRoom(timeline.Room));
            RemoveRoomLocked(timeline, left.Reason == LeaveReasons.Part ? null : Sentences.RemovedFromRoom(timeline.Room, left.Reason, left.By, left.Note));
        }
    }
}
