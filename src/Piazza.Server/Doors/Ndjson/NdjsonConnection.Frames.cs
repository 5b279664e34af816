using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Ndjson;

internal sealed partial class NdjsonConnection
{
    private async ValueTask<bool> OnSayAsync(ChatSession session, SayFrame say)
    {
        var verdict = MessageTextRules.Validate(say.Text);
        if (!verdict.IsValid)
        {
            await _says.DrainAsync();
            _link.Send(StockFrames.Error(verdict.Code!, verdict.Message!, say.Ref, room: say.Room is null ? null : Shown(say.Room)));
            return true;
        }

        if (!_says.MayJoin(say.Room))
        {
            await _says.DrainAsync();
        }

        _logger.MessageAccepted(Id, session.Name, say.Text);
        var pending = _chat.SayAsync(session, say.Room, say.Text, say.Ref);
        if (pending.IsCompleted)
        {
            if (await pending is { } refusal)
            {
                await _says.AnswerInTurnAsync(() => Send(refusal, say.Ref, say.Room is null ? null : Shown(say.Room)));
            }

            return true;
        }

        if (say.Room is not null && say.Room.StartsWith('@'))
        {
            // A conversation's say is not pipelined (see SayPipeline.MayJoin): answered before the next line.
            await FinishSayAsync(pending, say);
            return true;
        }

        // Queued in the store: the next line is read while it commits.
        await _says.TrackAsync(FinishSayAsync(pending, say), say.Room);
        return true;
    }

    private void OnWho(ChatSession session, WhoFrame who)
    {
        var users = _chat.Who(session, who.Room, out var refusal);
        if (users is null)
        {
            Send(refusal!, reference: null, who.Room is null ? null : Shown(who.Room));
            return;
        }

        // Version 1 asked without a room and gets the same answer as before, without one.
        _link.Send(FrameWriter.ToBytes(new UsersFrame(users, who.Room is null ? null : Shown(who.Room))));
    }

    private async ValueTask<bool> OnJoinAsync(ChatSession session, JoinFrame join)
    {
        var cursor = join.Since is null && join.Epoch is null ? null : new RoomCursor(join.Since, join.Epoch);
        if (await _chat.JoinAsync(session, join.Room, cursor) is { } refusal)
        {
            Send(refusal, reference: null, Shown(join.Room));
        }

        return true;
    }

    private async ValueTask<bool> OnPartAsync(ChatSession session, PartFrame part)
    {
        if (await _chat.PartAsync(session, part.Room) is { } refusal)
        {
            Send(refusal, reference: null, Shown(part.Room));
        }

        return true;
    }

    private async ValueTask<bool> OnTopicAsync(ChatSession session, TopicFrame topic)
    {
        if (await _chat.SetTopicAsync(session, topic.Room, topic.Topic) is { } refusal)
        {
            Send(refusal, reference: null, Shown(topic.Room));
        }

        return true;
    }

    private bool OnRooms()
    {
        var rooms = _chat.ListRooms().Select(r => new RoomSummary(r.Room, r.Topic, r.Members)).ToList();

        // An answer the client asked for, like a history page: queued whatever the cap.
        _link.SendUncapped(FrameWriter.ToBytes(new RoomsFrame(rooms)));
        return true;
    }

    private async ValueTask<bool> OnHistoryAsync(ChatSession session, HistoryFrame request)
    {
        var (page, refusal) = await _chat.HistoryAsync(session, request.Room, request.Before, request.Limit ?? DefaultHistoryLimit);
        var room = Shown(request.Room);
        if (page is null)
        {
            Send(refusal!, reference: null, room);
            return true;
        }

        // The newest events that fit in the frame size every client must accept; the rest are
        // "more" (200 events of 2000 emoji each would be 2.4 MB).
        var first = page.Events.Count;
        var bytes = 256L;
        while (first > 0 && (bytes += page.Events[first - 1].Encoded(NdjsonFormat.Instance, page.View).Length) <= MaxAnswerBytes)
        {
            first--;
        }

        var events = new Frame[page.Events.Count - first];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = NdjsonFormat.ToFrame(page.Events[first + i], page.View);
        }

        // A page is an answer the client asked for: it is queued whatever the cap, like a replay.
        _link.SendUncapped(FrameWriter.ToBytes(new HistoryFrame(room, Events: events, More: page.More || first > 0)));
        return true;
    }

    /// <summary>The largest server frame every client must accept (protocol §1): a history page stays under it.</summary>
    private const int MaxAnswerBytes = 1024 * 1024;

    /// <summary>A history request without a limit gets this many events.</summary>
    private const int DefaultHistoryLimit = 50;

    private void Send(ChatRefusal refusal, string? reference, string? room)
    {
        if (refusal.Error == ChatError.Closing)
        {
            return;
        }

        _link.Send(StockFrames.Error(Code(refusal.Error), refusal.Message, reference, refusal.Suggestion, room));
    }

    /// <summary>
    /// A room or conversation as the client wrote it, in the form it is always sent back: ASCII
    /// letters lowered, for rooms and conversations alike (events name a conversation <c>@bob</c>),
    /// and nothing else changed, so a name the rules refuse is never echoed as a look-alike of a
    /// real room (Unicode would lower the Kelvin sign to <c>k</c>).
    /// </summary>
    private static string Shown(string room) => RoomNameRules.Normalize(room);

    private static string Code(ChatError error) => error switch
    {
        ChatError.UsernameTaken => ErrorCodes.UsernameTaken,
        ChatError.InvalidUsername => ErrorCodes.InvalidUsername,
        ChatError.AuthFailed => ErrorCodes.AuthFailed,
        ChatError.AccountExists => ErrorCodes.AccountExists,
        ChatError.WeakPassword => ErrorCodes.WeakPassword,
        ChatError.AuthRequired => ErrorCodes.AuthRequired,
        ChatError.TooManyAttempts => ErrorCodes.TooManyAttempts,
        ChatError.TlsRequired => ErrorCodes.TlsRequired,
        ChatError.NotPermitted => ErrorCodes.NotPermitted,
        ChatError.TooManySessions => ErrorCodes.TooManyConnections,
        ChatError.InvalidRoom => ErrorCodes.InvalidRoom,
        ChatError.NotInRoom => ErrorCodes.NotInRoom,
        ChatError.TooManyRooms => ErrorCodes.TooManyRooms,
        ChatError.NoSuchUser => ErrorCodes.NoSuchUser,
        ChatError.StoreUnavailable => ErrorCodes.StoreUnavailable,
        ChatError.InvalidText => ErrorCodes.InvalidText,
        _ => ErrorCodes.BadFrame,
    };
}
