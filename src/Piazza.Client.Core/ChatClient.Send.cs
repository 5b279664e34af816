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
}
