using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// A room's members on the other nodes: known from the shared store when the room is loaded here,
/// then kept by the joined and left events the feed brings. This node's own members are recorded
/// in the store as they come and go, so the others can list them, and announce them lost if this
/// node dies.
/// </summary>
internal sealed partial class Room
{
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
        if (_hub.Presence is not { } presence || IsDirect)
        {
            return;
        }

        var person = roomEvent.Data.User.ToLowerInvariant();
        var local = subject is not null;
        if (roomEvent.Kind == EventKind.Joined)
        {
            if (local)
            {
                _remote.Remove(person);
                _ = Quietly(presence.AddMemberAsync(Key, person, roomEvent.Data.User, _hub.NodeId));
            }
            else if (!_byPerson.ContainsKey(person))
            {
                _remote[person] = roomEvent.Data.User;
            }
        }
        else if (roomEvent.Kind == EventKind.Left)
        {
            _remote.Remove(person);
            if (local)
            {
                _ = Quietly(presence.RemoveMemberAsync(Key, person, _hub.NodeId));
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
