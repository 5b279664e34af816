namespace Piazza.Server.Chat;

internal sealed partial class Room
{
    /// <summary>
    /// A direct message goes to every session of both people that can show direct messages; the
    /// sending session gets the ack. A session this conversation reaches for the first time first
    /// gets the conversation's state, so it knows its epoch.
    /// </summary>
    private void DeliverDirectLocked(RoomEvent roomEvent, AppendContext? context, ref List<ISessionSink>? overflowed)
    {
        var origin = context?.Origin;
        var acked = false;
        var delivered = 0;
        foreach (var session in _hub.Members.SessionsOf(First!, Second!))
        {
            if (!session.TakesDirectMessages && !ReferenceEquals(session, origin))
            {
                continue;
            }

            var membership = session.Find(Key) ?? OpenDirectLocked(session, roomEvent.Id - 1);
            if (membership is null)
            {
                continue;
            }

            var isOrigin = ReferenceEquals(session, origin);
            acked |= isOrigin;
            if (!membership.Offer(roomEvent, context?.Ref, ack: isOrigin))
            {
                (overflowed ??= []).Add(session.Sink);
            }
            else if (!isOrigin)
            {
                delivered++;
            }
        }

        Hosting.ServerMetrics.Messages.Add(1);
        Hosting.ServerMetrics.Deliveries.Add(delivered);

        if (!acked && origin is not null && !origin.Sink.Acknowledge(roomEvent, ViewOf(origin), context?.Ref))
        {
            (overflowed ??= []).Add(origin.Sink);
        }
    }

    /// <summary>Opens the conversation for a session it has not reached yet: its state, with no replay.</summary>
    private Membership? OpenDirectLocked(ChatSession session, long lastId)
    {
        var membership = session.Add(new Membership(this, session, ViewOf(session)), out var added);
        if (membership is null || !added)
        {
            return membership;
        }

        membership.State = MembershipState.Active;
        membership.JoinStored.TrySetResult(true);
        session.Sink.Opened(new RoomOpening(this, membership.View, null, UsersLocked(), lastId, lastId > 0, [], Joined: false));
        return membership;
    }
}
