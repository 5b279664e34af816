using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// A room's members on the other nodes: known from the shared store when the room is loaded here,
/// then kept by the joined and left events the feed brings. This node's own members are recorded
/// in the store as they come and go, so the others can list them, and announce them lost if this
/// node dies. A person (an account signed in on several nodes) is announced once across nodes: the
/// record of their first session in the room anywhere says "announce the joined", the removal of
/// their last says "announce the left", and sessions in between come and go quietly. The store
/// gives the announcer the person's turn in the room until its event is stored, so a left and the
/// next joined, announced by two nodes, are stored in the order they were decided.
/// </summary>
internal sealed partial class Room
{
    /// <summary>How long a node may hold a person's turn in a room: plenty for storing one event; a dead node's turn runs out by itself.</summary>
    private static readonly TimeSpan ClusterTurn = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before asking again while another node holds the person's turn.</summary>
    private static readonly TimeSpan ClusterTurnRetry = TimeSpan.FromMilliseconds(20);

    /// <summary>People in the room through other nodes: key -> name.</summary>
    private readonly Dictionary<string, string> _remote = new(StringComparer.Ordinal);

    /// <summary>Reads who is in the room on other nodes; a store that cannot be read leaves the list to the feed.</summary>
    public async Task LoadRemoteAsync()
    {
        if (_hub.Presence is not { } presence || IsDirect)
        {
            return;
        }

        try
        {
            var members = await presence.MembersAsync(Key);
            lock (_gate)
            {
                foreach (var (person, name) in members)
                {
                    if (!_byPerson.ContainsKey(person))
                    {
                        _remote.TryAdd(person, name);
                    }
                }
            }
        }
        catch (StoreUnavailableException)
        {
            // The feed's joined and left events keep the list from now on.
        }
    }

    /// <summary>A joined or left was delivered (under the gate): keeps the remote list and the store's record of local members.</summary>
    private void TrackPresenceLocked(RoomEvent roomEvent, Membership? subject)
    {
        // The store's record of this node's members is written where they enter and leave
        // (EnterClusterAsync, ExitClusterAsync), before their events are stored.
        if (_hub.Presence is null || IsDirect)
        {
            return;
        }

        var person = roomEvent.Data.User.ToLowerInvariant();
        if (roomEvent.Kind == EventKind.Joined)
        {
            if (subject is not null)
            {
                _remote.Remove(person);
            }
            else if (!_byPerson.ContainsKey(person))
            {
                _remote[person] = roomEvent.Data.User;
            }
        }
        else if (roomEvent.Kind == EventKind.Left)
        {
            _remote.Remove(person);
        }
    }

    /// <summary>
    /// Records that the session's person is in the room through this node. Announce (with the turn
    /// taken under the returned holder, null on a single node) when this is their first session in
    /// the room on any node; Quiet when another node has them; null when the store cannot be asked.
    /// </summary>
    private async Task<(PresenceChange? Change, string? Holder)> EnterClusterAsync(ChatSession session)
    {
        if (_hub.Presence is not { } presence || IsDirect)
        {
            return (PresenceChange.Announce, null);
        }

        var holder = _hub.NextOrigin();
        try
        {
            while (true)
            {
                var change = await presence.EnterAsync(Key, session.Key, session.Name, _hub.NodeId, holder, ClusterTurn);
                if (change != PresenceChange.Busy)
                {
                    return (change, change == PresenceChange.Announce ? holder : null);
                }

                await Task.Delay(ClusterTurnRetry, _hub.Time);
            }
        }
        catch (StoreUnavailableException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Forgets that the person is in the room through this node. Announce (turn taken as for
    /// <see cref="EnterClusterAsync"/>) when that was their last session in the room on any node;
    /// Quiet when another node still has them; null when the store cannot be asked.
    /// </summary>
    private async Task<(PresenceChange? Change, string? Holder)> ExitClusterAsync(string personKey)
    {
        if (_hub.Presence is not { } presence || IsDirect)
        {
            return (PresenceChange.Announce, null);
        }

        var holder = _hub.NextOrigin();
        try
        {
            while (true)
            {
                var change = await presence.ExitAsync(Key, personKey, _hub.NodeId, holder, ClusterTurn);
                if (change != PresenceChange.Busy)
                {
                    return (change, change == PresenceChange.Announce ? holder : null);
                }

                await Task.Delay(ClusterTurnRetry, _hub.Time);
            }
        }
        catch (StoreUnavailableException)
        {
            return (null, null);
        }
    }

    /// <summary>Ends the person's turn once their joined or left is stored (or refused); a turn that cannot be ended runs out.</summary>
    private async Task EndClusterTurnAsync(string personKey, string? holder)
    {
        if (holder is not null && _hub.Presence is { } presence)
        {
            await Quietly(presence.EndTurnAsync(Key, personKey, holder));
        }
    }

    /// <summary>Forgets this node's record of the person (a part, a kick, or a joined the store refused).</summary>
    private async Task ForgetClusterMemberAsync(string personKey)
    {
        if (_hub.Presence is { } presence && !IsDirect)
        {
            await Quietly(presence.RemoveMemberAsync(Key, personKey, _hub.NodeId));
        }
    }

    /// <summary>
    /// The person's last session here went while they stay in the room through another node: it
    /// goes without a left, and this node now counts them among the members elsewhere.
    /// </summary>
    private void LeftQuietly(Membership membership)
    {
        lock (_gate)
        {
            Gone(membership);
            if (!PresentLocked(membership.Session.Key, except: null))
            {
                _remote[membership.Session.Key] = membership.Session.Name;
            }
        }
    }

    private static async Task Quietly(Task write)
    {
        try
        {
            await write;
        }
        catch (StoreUnavailableException)
        {
            // Presence is advisory: the next join or the dead-node sweep sets it right.
        }
    }
}
