namespace Piazza.Server.Chat;

/// <summary>Where a session stands with one room.</summary>
internal enum MembershipState
{
    /// <summary>Its <c>joined</c> is on its way to the store; not yet among the members.</summary>
    Joining,

    /// <summary>Among the members, but its replay is being read: live events are held back until it is sent.</summary>
    CatchingUp,

    /// <summary>Among the members, receiving live events.</summary>
    Active,

    /// <summary>Its <c>left</c> (part) is on its way to the store.</summary>
    Leaving,

    /// <summary>Gone from the room.</summary>
    Gone,
}

/// <summary>
/// One session in one room (or direct conversation). Its state and held events are guarded by the
/// room's lock; everything sent to the session for this room goes through it, so the replay, the
/// events held during catch-up and live events reach the session in id order.
/// </summary>
internal sealed class Membership(Room room, ChatSession session, EventView view)
{
    /// <summary>The most events held back while a replay is read; beyond this the session is too slow.</summary>
    public const int MaxHeld = 10_000;

    private List<(RoomEvent Event, string? AckRef, bool Ack)>? _held;

    public Room Room { get; } = room;

    public ChatSession Session { get; } = session;

    /// <summary>The session's view of the room's events (which side of a direct conversation).</summary>
    public EventView View { get; } = view;

    public MembershipState State { get; set; } = MembershipState.Joining;

    /// <summary>Completes with true when the session's <c>joined</c> is stored, false if it could not be.</summary>
    public TaskCompletionSource<bool> JoinStored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with true when the session is among the room's members, false if it never will be.</summary>
    public TaskCompletionSource<bool> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the session's <c>joined</c> is delivered, with the task that reads and queues
    /// its room state and replay (a completed one when it gets none).
    /// </summary>
    public TaskCompletionSource<Task> CatchUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Set when the session said goodbye: it stays a member, receiving everything stored before
    /// its <c>left</c>, until that <c>left</c> is delivered.
    /// </summary>
    public bool Departing { get; set; }

    /// <summary>Completes when the departing session's <c>left</c> has been delivered (it has everything before it).</summary>
    public TaskCompletionSource Departed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when this membership has an index in the room's member list.</summary>
    public int Index { get; set; } = -1;

    /// <summary>Offers a live event (or the ack of the session's own message). Returns false when the session overflowed.</summary>
    public bool Offer(RoomEvent roomEvent, string? ackRef, bool ack)
    {
        if (State == MembershipState.CatchingUp)
        {
            (_held ??= []).Add((roomEvent, ackRef, ack));
            return _held.Count <= MaxHeld;
        }

        return ack
            ? Session.Sink.Acknowledge(roomEvent, View, ackRef)
            : Session.Sink.Deliver(roomEvent, View);
    }

    /// <summary>After the replay was queued: sends what was held, in order, and goes live.</summary>
    public bool Release()
    {
        State = MembershipState.Active;
        var ok = true;
        if (_held is { } held)
        {
            _held = null;
            foreach (var (roomEvent, ackRef, ack) in held)
            {
                ok &= Offer(roomEvent, ackRef, ack);
            }
        }

        return ok;
    }
}
