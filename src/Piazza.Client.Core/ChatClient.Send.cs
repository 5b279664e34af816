using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// The most bytes the codec writes for one UTF-16 unit of text: six, for a character it
    /// escapes as <c>\uXXXX</c> (U+2028 and U+2029 are allowed in a message and escaped so).
    /// </summary>
    private const int MaxBytesPerChar = 6;

    /// <summary>
    /// Queues a message for a room (<c>#dev</c>) or a person (<c>@bob</c>) and returns it at once;
    /// <see cref="OutboxChanged"/> then reports each step (sending, held back by flood control,
    /// sent, failed). While the connection is down, or its room is being joined, it waits, and goes
    /// out by itself when it can, always with the same ref, so the server stores it exactly once.
    /// Text that breaks the message rules, or a message posted while the client is neither
    /// connected nor reconnecting, comes back <see cref="OutgoingState.Failed"/> without being
    /// queued.
    /// </summary>
    public OutgoingMessage Post(string room, string text) => PostOrRetry(room, text, reference: null).Message;

    /// <summary>
    /// Sends a message through the outbox (see <see cref="Post"/>) and completes when the server
    /// acknowledged it (with its id and time), refused it (with its code and sentence), or when it
    /// was given up on (<see cref="SendErrorCodes"/>): the user disconnected or the client stopped
    /// reconnecting before it could go out or be confirmed.
    /// </summary>
    /// <remarks>Cancelling <paramref name="ct"/> only stops the waiting: the message stays in the outbox.</remarks>
    public Task<SendResult> SendAsync(string room, string text, CancellationToken ct = default) =>
        PostOrRetry(room, text, reference: null).Completion.WaitAsync(ct);

    /// <summary>
    /// Sends a failed message again, with its ref: if the server stored it after all (the
    /// connection ended before its confirmation), it is confirmed with its original id, not stored
    /// twice. Returns the message as it now stands (as <see cref="Post"/> does); a message still
    /// in the outbox is returned as it is.
    /// </summary>
    public OutgoingMessage Retry(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PostOrRetry(message.Room, message.Text, message.Ref).Message;
    }

    private (OutgoingMessage Message, Task<SendResult> Completion) PostOrRetry(string room, string text, string? reference)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_gate)
        {
            if (reference is not null && _outbox.Find(reference) is { } queued)
            {
                return (queued.Snapshot(), queued.Completion.Task);
            }

            var now = _time.GetUtcNow();
            reference ??= _refs.Next();
            var address = RoomNameRules.ValidateAddress(room.Trim());
            if (!address.IsValid)
            {
                return Refused(reference, room, text, now, ErrorCodes.InvalidRoom, address.Message!);
            }

            var name = RoomNameRules.Normalize(room.Trim());
            var session = _session;
            if (_disposed || session?.EndedByUser == true || (session is null && _reconnect is null))
            {
                var why = session is null ? Sentences.NotConnectedFor(_status.State) : Sentences.Disconnecting;
                return Refused(reference, name, text, now, SendErrorCodes.NotConnected, why);
            }

            var limits = session?.Limits ?? _limits;
            var check = MessageTextRules.Validate(text, limits.MaxText);
            if (!check.IsValid)
            {
                return Refused(reference, name, text, now, check.Code!, check.Message!);
            }

            if (text.Length * MaxBytesPerChar > limits.MaxFrame - 64
                && FrameWriter.ToBytes(new SayFrame(text, reference, name)).Length is var bytes && bytes > limits.MaxFrame)
            {
                // Only text long enough to come near the limit is measured.
                return Refused(reference, name, text, now, ErrorCodes.MessageTooLong, Sentences.FrameTooLargeToSend(bytes, limits.MaxFrame));
            }

            var entry = new OutboxEntry(reference, name, text, now);
            _outbox.Add(entry);
            _events.Publish(new OutboxChanged(entry.Snapshot()));
            if (session is not null)
            {
                FlushOutboxLocked(session, name);
            }

            return (entry.Snapshot(), entry.Completion.Task);
        }
    }

    private (OutgoingMessage, Task<SendResult>) Refused(string reference, string room, string text, DateTimeOffset now, string code, string message)
    {
        Log.SendRefused(_logger, code, message);
        return (new OutgoingMessage(reference, room, text, OutgoingState.Failed, now, ErrorCode: code, ErrorMessage: message),
            Task.FromResult(SendResult.Failed(code, message)));
    }

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

    /// <summary>
    /// Leaves politely: sends <c>bye</c>, waits briefly for the server to close (so acks for
    /// messages sent just before still arrive), closes, and saves the cursors. Stops any connect or
    /// reconnect in progress; nothing reconnects afterwards. Messages sent and still unacknowledged
    /// fail with <c>connection_lost</c>, those not sent yet with <c>not_connected</c>. The rooms
    /// and their cursors stay: connecting again as the same account rejoins them.
    /// </summary>
    /// <param name="ct">Cancelling it skips the wait for the server and closes at once.</param>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        Session? session;
        CancellationTokenSource? attempt;
        CancellationTokenSource? reconnect;
        Task reconnectLoop;
        var closing = false;
        lock (_gate)
        {
            session = _session;
            if (session is not null)
            {
                // A second concurrent disconnect only waits for the first one's close.
                closing = !session.EndedByUser;
                session.EndedByUser = true;
            }

            attempt = _attempt;
            _attempt = null;
            (reconnect, reconnectLoop) = TakeReconnectLocked();
            if (session is null)
            {
                GiveUpOutboxLocked(Sentences.ClosedBeforeAck, Sentences.NotSentDisconnected);
                SetStatusLocked(DisconnectedStatusLocked(null));
            }
        }

        if (attempt is not null)
        {
            try
            {
                await attempt.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The attempt finished and cleaned up in the meantime; it will see it was superseded.
            }
        }

        if (reconnect is not null)
        {
            await reconnect.CancelAsync();
        }

        await reconnectLoop;
        if (closing)
        {
            await CloseSessionAsync(session!, ct);
        }
        else if (session is not null)
        {
            await session.ReaderLoop.WaitAsync(ct);
        }
        else
        {
            await FlushCursorsAsync(ct);
        }
    }

    private async Task CloseSessionAsync(Session session, CancellationToken ct)
    {
        using var grace = new CancellationTokenSource(CloseGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, grace.Token);
        try
        {
            await session.Connection.SendAndFlushAsync(ByeFrame.Instance, linked.Token);
            await session.ReaderLoop.WaitAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Log.ByeNotAnswered(_logger);
        }

        session.Abort("Disconnected.");
        await session.ReaderLoop;
    }
}
