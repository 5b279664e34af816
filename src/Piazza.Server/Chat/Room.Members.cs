using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

internal sealed partial class Room
{
    /// <summary>
    /// Joins <paramref name="session"/>: stores its <c>joined</c>; when that is delivered the
    /// session becomes a member and its replay (from <paramref name="cursor"/>) is read and sent
    /// before any live event. A session already in the room gets its room state and replay again.
    /// Completes once the room state and replay are queued, so the session's next request is read
    /// after them (a client that asks again and again without reading never piles them up).
    /// A session of someone already in the room (another device of the account) joins without a
    /// <c>joined</c>: people are announced once, not once per device.
    /// </summary>
    public async ValueTask<ChatRefusal?> JoinAsync(ChatSession session, RoomCursor? cursor)
    {
        var membership = session.Add(new Membership(this, session, ViewOf(session)), out var added);
        if (membership is null)
        {
            return ChatRefusals.Closing;
        }

        if (!added)
        {
            await Resync(membership, cursor);
            return null;
        }

        if (IsDirect)
        {
            membership.JoinStored.TrySetResult(true);
            Task opening;
            lock (_gate)
            {
                membership.State = MembershipState.Active;
                opening = BeginCatchUpLocked(membership, cursor, _delivered, joined: false);
            }

            await opening;
            return null;
        }

        using var turn = await TurnOfAsync(session.Key);
        Task? quiet = null;
        lock (_gate)
        {
            if (PresentLocked(session.Key, except: null))
            {
                // Another session of this person is here: this one joins quietly.
                membership.JoinStored.TrySetResult(true);
                AddLocked(membership);
                quiet = BeginCatchUpLocked(membership, cursor, _delivered, joined: false);
            }
        }

        if (quiet is not null)
        {
            await quiet;
            return null;
        }

        // Someone of this name who left while the store could not take it is seen leaving first.
        AppendResult result;
        if (!await StoreDepartureOfAsync(session.Key, membership))
        {
            result = AppendResult.Unavailable("an earlier departure of the same name is not stored yet");
        }
        else
        {
            var (change, holder) = await EnterClusterAsync(session);
            if (change == PresenceChange.Quiet)
            {
                // The person is in the room through another node: this session joins quietly.
                lock (_gate)
                {
                    membership.JoinStored.TrySetResult(true);
                    AddLocked(membership);
                    quiet = BeginCatchUpLocked(membership, cursor, _delivered, joined: false);
                }

                await quiet;
                return null;
            }

            try
            {
                result = change is null
                    ? AppendResult.Unavailable("the shared store cannot record the membership")
                    : await AppendAsync(new EventDraft(Key, EventKind.Joined, session.Name), new AppendContext(Subject: membership, Cursor: cursor));
            }
            finally
            {
                await EndClusterTurnAsync(session.Key, holder);
            }

            if (result.Status != AppendStatus.Committed && change is not null)
            {
                await ForgetClusterMemberAsync(session.Key);
            }
        }

        if (result.Status != AppendStatus.Committed)
        {
            lock (_gate)
            {
                membership.State = MembershipState.Gone;
            }

            session.Remove(membership);
            membership.JoinStored.TrySetResult(false);
            membership.Admitted.TrySetResult(false);
            _hub.Logger.StoreRefused(Key, result.Error ?? "unavailable");
            return ChatRefusals.StoreUnavailable;
        }

        membership.JoinStored.TrySetResult(true);

        // The person counts as present once the joined is delivered (it may wait for an earlier
        // event still on its way): the next session of the same person then joins quietly. The
        // join completes once its room state and replay are queued.
        await membership.Admitted.Task;
        await await membership.CatchUp.Task;
        return null;
    }

    /// <summary>True when <paramref name="personKey"/> has a session in the room that is not on its way out.</summary>
    private bool PresentLocked(string personKey, Membership? except) =>
        _byPerson.TryGetValue(personKey, out var sessions)
        && sessions.Exists(m => !ReferenceEquals(m, except) && !m.Departing && m.State is MembershipState.CatchingUp or MembershipState.Active);

    /// <summary>
    /// Joins, parts and removals of one person in this room happen one at a time, so two devices
    /// never both announce the person, and a removal never crosses a join.
    /// </summary>
    private async ValueTask<Turn> TurnOfAsync(string personKey)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (true)
        {
            Task busy;
            lock (_gate)
            {
                if (!_turns.TryGetValue(personKey, out var current))
                {
                    _turns.Add(personKey, mine.Task);
                    return new Turn(this, personKey, mine);
                }

                busy = current;
            }

            await busy;
        }
    }

    /// <summary>One person's turn in this room; ends when disposed.</summary>
    private readonly struct Turn(Room room, string personKey, TaskCompletionSource done) : IDisposable
    {
        public void Dispose()
        {
            lock (room._gate)
            {
                room._turns.Remove(personKey);
            }

            done.TrySetResult();
        }
    }

    /// <summary>A member asks to join again: it gets the room's state and what it missed after its cursor.</summary>
    private Task Resync(Membership membership, RoomCursor? cursor)
    {
        lock (_gate)
        {
            // Joining or catching up: the room state and replay are on their way already.
            return membership.State == MembershipState.Active
                ? BeginCatchUpLocked(membership, cursor, _delivered, joined: false)
                : Task.CompletedTask;
        }
    }

    /// <summary>
    /// The session's person leaves the room and stays connected: everyone in it, the leaver too
    /// (every session of theirs), sees <c>left</c> reason <c>part</c>.
    /// </summary>
    public async ValueTask<ChatRefusal?> PartAsync(Membership membership, string? note = null)
    {
        if (IsDirect)
        {
            // A direct conversation has no members to leave: closing it is the client's business.
            lock (_gate)
            {
                membership.State = MembershipState.Gone;
            }

            membership.Session.Remove(membership);
            return null;
        }

        if (!await membership.JoinStored.Task)
        {
            return ChatRefusals.NotInRoom(Key);
        }

        using var turn = await TurnOfAsync(membership.Session.Key);
        return await RemoveLockedPersonAsync(membership.Session.Key, membership,
            new EventDraft(Key, EventKind.Left, membership.Session.Name, Text: note, Reason: LeaveReasons.Part), echoTo: null)
            ?? null;
    }

    /// <summary>
    /// An operator removes a person from the room (kick, or a ban of someone present): every
    /// session of theirs, and everyone in the room, sees <c>left</c> reason <c>kicked</c> with who
    /// did it and their reason.
    /// </summary>
    /// <returns>Null when removed; a refusal when the person is not in the room or the store refused.</returns>
    public async ValueTask<ChatRefusal?> RemovePersonAsync(string personKey, ChatSession by, string? note)
    {
        using var turn = await TurnOfAsync(personKey);
        Membership? any;
        lock (_gate)
        {
            any = _byPerson.TryGetValue(personKey, out var sessions) ? sessions.Find(m => !m.Departing) : null;
        }

        if (any is null)
        {
            return new ChatRefusal(ChatError.NoSuchUser, $"'{personKey}' is not in {Key}.");
        }

        return await RemoveLockedPersonAsync(personKey, any,
            new EventDraft(Key, EventKind.Left, any.Session.Name, Text: note, Reason: LeaveReasons.Kicked, By: by.Name), echoTo: by);
    }

    /// <summary>
    /// Stores the person's <c>left</c>; its delivery takes every session of theirs out. Meanwhile
    /// they are all leaving, so none of them, disconnecting, announces a second departure. The
    /// caller has the person's turn.
    /// </summary>
    private async ValueTask<ChatRefusal?> RemoveLockedPersonAsync(string personKey, Membership subject, EventDraft left, ChatSession? echoTo)
    {
        List<(Membership Membership, MembershipState Before)> leaving = [];
        lock (_gate)
        {
            if (subject.State is MembershipState.Leaving or MembershipState.Gone || !_byPerson.TryGetValue(personKey, out var sessions))
            {
                return ChatRefusals.NotInRoom(Key);
            }

            foreach (var m in sessions.Append(subject).Distinct())
            {
                if (m.State is not (MembershipState.Leaving or MembershipState.Gone))
                {
                    leaving.Add((m, m.State));
                    m.State = MembershipState.Leaving;
                }
            }
        }

        var result = await AppendAsync(left, new AppendContext(Origin: echoTo, Subject: subject, Echo: echoTo is not null));
        if (result.Status == AppendStatus.Committed)
        {
            await ForgetClusterMemberAsync(personKey);
            return null;
        }

        lock (_gate)
        {
            foreach (var (m, before) in leaving)
            {
                if (m.State == MembershipState.Leaving)
                {
                    m.State = before == MembershipState.Joining ? MembershipState.Joining : MembershipState.Active;
                }
            }
        }

        _hub.Logger.StoreRefused(Key, result.Error ?? "unavailable");
        return ChatRefusals.StoreUnavailable;
    }

    /// <summary>
    /// The session's connection ended, and unless the server is shutting down everyone else sees
    /// it leave with <paramref name="reason"/>. A session that vanished stops receiving at once. One
    /// that said goodbye (<paramref name="graceful"/>) stays a member until its <c>left</c> is
    /// delivered, so it receives every event stored before it; the returned task completes then.
    /// </summary>
    public Task? Disconnected(Membership membership, string reason, bool graceful)
    {
        MembershipState before;
        var announce = !IsDirect && !_hub.IsShuttingDown;
        lock (_gate)
        {
            before = membership.State;
            if (before is MembershipState.Leaving or MembershipState.Gone)
            {
                announce = false;
            }

            // Another device of the same person stays in the room (or is on its way in): this
            // session goes quietly, as it came.
            if (announce && PresentLocked(membership.Session.Key, except: membership))
            {
                announce = false;
            }

            graceful &= announce;
            if (graceful)
            {
                membership.Departing = true;
            }
            else
            {
                RemoveLocked(membership);
                membership.State = MembershipState.Gone;
            }
        }

        if (!announce)
        {
            return null;
        }

        var departure = new Departure(membership, reason, graceful, membership.Session.RemovedBy);
        lock (_gate)
        {
            _departures.Add(departure);
        }

        _ = AnnounceLeftAsync(departure);
        return graceful ? membership.Departed.Task : null;
    }

    /// <summary>
    /// Stores the <c>left</c> of a departed member once its <c>joined</c> is stored. A store that
    /// cannot be written is tried again until it can: a departure is never lost, only late.
    /// </summary>
    private async Task AnnounceLeftAsync(Departure departure)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!await departure.StoreAsync() && !_hub.IsShuttingDown)
        {
            await Task.Delay(delay, _hub.Time);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>
    /// Before someone joins: a departure of the same name still waiting for the store is stored
    /// first, so that everyone sees the old connection leave before the new one joins (otherwise
    /// the late <c>left</c> would remove a member who is present). False while it cannot be stored.
    /// The departure of <paramref name="joining"/> itself (its connection ended while this join was
    /// on its way) is not waited for: it waits for this join's own <c>joined</c>, and follows it.
    /// </summary>
    private async ValueTask<bool> StoreDepartureOfAsync(string sessionKey, Membership joining)
    {
        Departure? pending;
        lock (_gate)
        {
            pending = _departures.Find(d => d.Membership.Session.Key == sessionKey && !ReferenceEquals(d.Membership, joining));
        }

        return pending is null || await pending.StoreAsync();
    }

    /// <summary>
    /// A member's departure on its way to the store. Its <c>left</c> is stored once, by the retry
    /// loop or by a newcomer of the same name, whichever asks first; one that asks during an
    /// attempt shares its outcome.
    /// </summary>
    private sealed class Departure(Membership membership, string reason, bool graceful, Removal? removal)
    {
        private readonly Lock _gate = new();
        private Task<bool>? _attempt;

        public Membership Membership { get; } = membership;

        /// <summary>True once the <c>left</c> is stored (or there was nothing to announce); false while the store refuses it.</summary>
        public Task<bool> StoreAsync()
        {
            lock (_gate)
            {
                if (_attempt is null || (_attempt.IsCompleted && !_attempt.Result))
                {
                    _attempt = AttemptAsync();
                }

                return _attempt;
            }
        }

        private async Task<bool> AttemptAsync()
        {
            var room = Membership.Room;
            if (await Membership.JoinStored.Task)
            {
                var person = Membership.Session.Key;
                var (change, holder) = await room.ExitClusterAsync(person);
                if (change == PresenceChange.Quiet)
                {
                    // The person stays in the room through another node: nobody is told.
                    room.LeftQuietly(Membership);
                }
                else
                {
                    AppendResult result;
                    try
                    {
                        var draft = new EventDraft(room.Key, EventKind.Left, Membership.Session.Name, Text: removal?.Note ?? (reason == LeaveReasons.Quit ? Membership.Session.LeavingNote : null), Reason: reason, By: removal?.By);
                        result = change is null
                            ? AppendResult.Unavailable("the shared store cannot forget the membership")
                            : await room.AppendAsync(draft, graceful ? new AppendContext(Subject: Membership) : null);
                    }
                    finally
                    {
                        await room.EndClusterTurnAsync(person, holder);
                    }

                    if (result.Status == AppendStatus.Unavailable)
                    {
                        room._hub.Logger.StoreRefused(room.Key, result.Error ?? "unavailable");
                        return false;
                    }
                }
            }
            else
            {
                // Its joined was never stored: nobody saw it come, nobody sees it go.
                Membership.Departed.TrySetResult();
            }

            lock (room._gate)
            {
                room._departures.Remove(this);
            }

            return true;
        }
    }
}
