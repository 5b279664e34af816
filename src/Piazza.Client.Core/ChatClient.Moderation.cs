using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Asks the server for a moderation action (protocol §12) and completes once it has been done:
    /// its room event arrived (<see cref="ModerationChanged"/>, or for a kick the person's
    /// <see cref="UserLeft"/>), or the server confirmed it (<see cref="ModerationConfirmed"/>, for
    /// the whole server, an address, or a request that changed nothing).
    /// </summary>
    /// <exception cref="ChatRequestException">
    /// A field breaks a rule (checked here first, the sentence names it), the server refused
    /// (<c>not_permitted</c> for someone who is not an operator, <c>no_such_user</c>...), or the
    /// client is not connected.
    /// </exception>
    public async Task ModerateAsync(ModerationCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Problem() is { } problem)
        {
            throw new ChatRequestException(ErrorCodes.BadFrame, problem);
        }

        var frame = command.ToFrame();
        Task answer;
        lock (_gate)
        {
            var session = LiveSessionLocked();
            if (frame.Room is { } room)
            {
                var request = new RoomRequest(RoomRequestKind.Moderate, frame);
                EnqueueLocked(session, room, request);
                answer = request.Answer.Task;
            }
            else
            {
                answer = SendPlainLocked(session, frame);
            }
        }

        await answer.WaitAsync(ct);
    }

    /// <summary>Whether a room event answers the moderation request out: the event it asked for, by this client.</summary>
    private static bool ModerationAnswers(RoomRequest request, RoomEvent roomEvent, string me)
    {
        if (request.Frame is not ModerationFrame { User: { } user } asked)
        {
            return false;
        }

        return roomEvent switch
        {
            UserLeft { Reason: LeaveReasons.Kicked, By: { } by } left => asked.Action == FrameTypes.Kick
                && UsernameRules.Comparer.Equals(by, me) && UsernameRules.Comparer.Equals(left.User, user),
            ModerationChanged changed => changed.Action == asked.Action
                && UsernameRules.Comparer.Equals(changed.By, me) && UsernameRules.Comparer.Equals(changed.User, user),
            _ => false,
        };
    }

    /// <summary>A <c>mod</c> frame: a room event (with an id), or the confirmation of this client's own request.</summary>
    private void HandleModLocked(Session session, ModFrame frame)
    {
        if (frame.Id is not null)
        {
            HandleRoomEventLocked(session, frame, frame.Replay);
            return;
        }

        var room = frame.Room is null ? null : RoomNameRules.Normalize(frame.Room);
        if (room is not null)
        {
            if (session.Lanes.TryGetValue(room, out var lane) && lane.Current is { Kind: RoomRequestKind.Moderate } request)
            {
                request.Answer.TrySetResult(null);
                AdvanceLocked(session, room);
            }
        }
        else if (session.PlainWaiters.TryPeek(out var waiter) && waiter.Frame is ModerationFrame)
        {
            session.PlainWaiters.Dequeue().Answer.TrySetResult();
        }

        _events.Publish(new ModerationConfirmed(frame.Action, frame.By, frame.User, frame.Address, room,
            frame.Duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, frame.Reason));
    }

    /// <summary>Sends a request answered without a room; the task completes with its answer.</summary>
    private static Task SendPlainLocked(Session session, Frame frame)
    {
        var request = new PlainRequest(frame);
        session.PlainWaiters.Enqueue(request);
        Send(session, frame);
        return request.Answer.Task;
    }

    /// <summary>An error naming neither a ref nor a room refuses the oldest request answered without a room, if one is out.</summary>
    /// <returns>True when it answered a request.</returns>
    private static bool HandlePlainErrorLocked(Session session, ErrorFrame error)
    {
        if (!session.PlainWaiters.TryDequeue(out var request))
        {
            return false;
        }

        request.Answer.TrySetException(new ChatRequestException(error.Code, error.Message));
        return true;
    }
}
