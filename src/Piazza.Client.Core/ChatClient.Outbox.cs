using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Sends what waits in the outbox, in order: everything, or only what is for
    /// <paramref name="room"/>. A message for a room being joined waits for its room frame, so it
    /// never reaches the server before the client is in the room.
    /// </summary>
    private void FlushOutboxLocked(Session session, string? room = null)
    {
        if (_session != session || session.EndedByUser)
        {
            return;
        }

        foreach (var entry in _outbox.Entries)
        {
            if (entry.State != OutgoingState.Waiting || (room is not null && entry.Room != room)
                || (_rooms.TryGetValue(entry.Room, out var timeline) && !timeline.IsOpen))
            {
                continue;
            }

            var wait = Send(session, new SayFrame(entry.Text, entry.Ref, entry.Room));
            entry.EverSent = true;
            entry.State = wait > TimeSpan.Zero ? OutgoingState.SendingSlowly : OutgoingState.Sending;
            _events.Publish(new OutboxChanged(entry.Snapshot()));
        }
    }

    /// <summary>
    /// The server stored one of this client's messages: it leaves the outbox, and comes out as a
    /// message of its room in its place, with its ref. The acknowledgement of a resent message the
    /// server had stored before may come ahead of the replay that also carries it: the timeline
    /// hands out the one event once.
    /// </summary>
    private void HandleAckLocked(Session session, AckFrame ack)
    {
        if (ack.Ref is null || _outbox.Find(ack.Ref) is not { } entry)
        {
            Log.UnmatchedReply(_logger, ack.Ref);
            return;
        }

        var room = ack.Room is null ? entry.Room : RoomNameRules.Normalize(ack.Room);
        _outbox.Remove(entry);
        entry.State = OutgoingState.Sent;
        entry.Id = ack.Id;
        entry.Ts = ack.Ts;
        if (_rooms.TryGetValue(room, out var timeline))
        {
            var own = new MessageReceived(room, ack.Id, ack.Ts, session.Me, entry.Text, EventSource.Live, entry.Ref);
            timeline.Offer(own, replayed: false, canTrigger: false, this);
            CursorsChangedLocked();
        }

        _events.Publish(new OutboxChanged(entry.Snapshot()));
        entry.Completion.TrySetResult(SendResult.Acked(ack.Id, ack.Ts));
    }

    /// <summary>The server refused one of this client's messages: it fails, and leaves the outbox.</summary>
    private void HandleRefusalLocked(ErrorFrame error)
    {
        if (_outbox.Find(error.Ref!) is { } entry)
        {
            FailLocked(entry, error.Code, error.Message);
        }
        else
        {
            Log.UnmatchedReply(_logger, error.Ref);
        }
    }

    private void FailLocked(OutboxEntry entry, string code, string message)
    {
        _outbox.Remove(entry);
        entry.State = OutgoingState.Failed;
        entry.ErrorCode = code;
        entry.ErrorMessage = message;
        Log.SendRefused(_logger, code, message);
        _events.Publish(new OutboxChanged(entry.Snapshot()));
        entry.Completion.TrySetResult(SendResult.Failed(code, message));
    }

    /// <summary>Fails what waits for <paramref name="room"/> (the client is not, or no longer, in it).</summary>
    private void FailOutboxForLocked(string room, string code, string message)
    {
        foreach (var entry in _outbox.Entries.Where(e => e.Room == room && e.State == OutgoingState.Waiting).ToList())
        {
            FailLocked(entry, code, message);
        }
    }

    /// <summary>
    /// The connection ended. With a reconnect to come, what was sent and not confirmed waits to be
    /// sent again; without one, everything fails: what may have reached the server as
    /// <c>connection_lost</c>, the rest as <c>not_connected</c>.
    /// </summary>
    private void OutboxConnectionEndedLocked(bool reconnecting, bool byUser)
    {
        if (!reconnecting)
        {
            GiveUpOutboxLocked(byUser ? Sentences.ClosedBeforeAck : Sentences.LostBeforeAck,
                byUser ? Sentences.NotSentDisconnected : Sentences.NotSentConnectionLost);
            return;
        }

        foreach (var entry in _outbox.Entries.Where(e => e.State is OutgoingState.Sending or OutgoingState.SendingSlowly))
        {
            entry.State = OutgoingState.Waiting;
            _events.Publish(new OutboxChanged(entry.Snapshot()));
        }
    }

    /// <summary>No connection is coming: everything in the outbox fails.</summary>
    private void GiveUpOutboxLocked(string maybeSent, string notSent)
    {
        foreach (var entry in _outbox.Entries.ToList())
        {
            if (entry.EverSent)
            {
                FailLocked(entry, SendErrorCodes.ConnectionLost, maybeSent);
            }
            else
            {
                FailLocked(entry, SendErrorCodes.NotConnected, notSent);
            }
        }
    }

    /// <summary>Everything in the outbox fails with one reason (another account is being connected to).</summary>
    private void FailOutboxLocked(string code, string message)
    {
        foreach (var entry in _outbox.Entries.ToList())
        {
            FailLocked(entry, code, message);
        }
    }
}
