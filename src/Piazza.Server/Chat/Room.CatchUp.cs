using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

internal sealed partial class Room
{
    /// <summary>
    /// Starts a member's view of the room at <paramref name="lastId"/>: from now on its live
    /// events are held while the events it missed are read from the store; then the room state,
    /// the replay and the held events are queued for it, in that order.
    /// </summary>
    /// <param name="membership">The member.</param>
    /// <param name="cursor">Where the member's history ends, if it knows.</param>
    /// <param name="lastId">The newest event the member's view starts after.</param>
    /// <param name="joined">True when <paramref name="lastId"/> is the member's own <c>joined</c>, which is not replayed to it.</param>
    /// <returns>A task that completes when the room state and replay are queued (or the member went away meanwhile).</returns>
    private Task BeginCatchUpLocked(Membership membership, RoomCursor? cursor, long lastId, bool joined)
    {
        membership.State = MembershipState.CatchingUp;
        var users = UsersLocked();
        var topic = _topic;
        return CatchUpAsync(membership, cursor, lastId, joined, users, topic);
    }

    private async Task CatchUpAsync(Membership membership, RoomCursor? cursor, long lastId, bool joined, string[] users, string? topic)
    {
        // The member's own joined is its lastId and is not replayed to it.
        var before = joined ? lastId : lastId + 1;
        IReadOnlyList<StoredEvent> stored;
        bool truncated;
        try
        {
            (stored, truncated) = await ReadReplayAsync(cursor, before);
        }
        catch (StoreUnavailableException ex)
        {
            _hub.Logger.ReplayUnavailable(Key, ex.Message);
            (stored, truncated) = ([], before > 1);
        }

        var replay = new RoomEvent[stored.Count];
        for (var i = 0; i < replay.Length; i++)
        {
            replay[i] = new RoomEvent(stored[i]);
        }

        bool released;
        lock (_gate)
        {
            if (membership.State != MembershipState.CatchingUp)
            {
                // Left or disconnected while its replay was read.
                return;
            }

            var operators = IsDirect ? null : _hub.Moderation.Operators(Key);
            membership.Session.Sink.Opened(new RoomOpening(this, membership.View, topic, users, lastId, truncated, replay, joined, operators));
            released = membership.Release();
        }

        if (!released)
        {
            membership.Session.Sink.Evict();
        }
    }

    /// <summary>
    /// With a cursor of this room's epoch: every event after it (the newest --replay-max of them,
    /// and truncated when that is not all). Without one, or with one from another history: the
    /// recent messages, and truncated when older events exist.
    /// </summary>
    private async Task<(IReadOnlyList<StoredEvent> Events, bool Truncated)> ReadReplayAsync(RoomCursor? cursor, long before)
    {
        var options = _hub.Options;
        if (cursor is { Since: { } since, Epoch: { } epoch } && epoch == Epoch && since >= 0 && since < before)
        {
            var missed = before - 1 - since;
            var events = missed == 0
                ? []
                : await _hub.Store.ReadAsync(Key, since, before, options.ReplayMax, ReadFrom.Newest);
            return (events, events.Count < missed);
        }

        var recent = options.History == 0 || before <= 1
            ? []
            : await _hub.Store.ReadRecentMessagesAsync(Key, before, options.History);
        var olderExist = recent.Count > 0 ? recent[0].Id > 1 : before > 1;
        var staleCursor = cursor is { Since: not null } or { Epoch: not null };
        return (recent, olderExist || (staleCursor && before > 1));
    }
}
