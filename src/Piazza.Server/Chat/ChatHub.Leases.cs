using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// Guests' names across nodes (<see cref="INameLeases"/>): a name taken here is claimed in the
/// shared store too, renewed while its guest is here, and let go when the guest leaves. Accounts
/// need no lease: the account store already makes them unique, and one account may have sessions
/// on several nodes (one per device).
/// </summary>
internal sealed partial class ChatHub
{
    /// <summary>How long a lease lasts without renewal: a dead node's names are free after this.</summary>
    public static readonly TimeSpan NameLease = TimeSpan.FromSeconds(9);

    /// <summary>How long the sweep may hold a lost member's turn in a room (as a node announcing a joined or left may).</summary>
    private static readonly TimeSpan LostTurn = TimeSpan.FromSeconds(10);

    private ITimer? _renewal;

    private INameLeases? Leases => Feed is not null ? Store as INameLeases : null;

    /// <summary>Claims a guest's name on every node; false when another node's guest has it.</summary>
    private async Task<bool> ClaimNameAsync(string key)
    {
        if (Leases is not { } leases)
        {
            return true;
        }

        if (!await leases.TryClaimAsync(key, NodeId, NameLease))
        {
            return false;
        }

        // The name may have been free because its node died: that node's members are announced
        // lost before this guest's joined, so nobody sees the joined before the left.
        await SweepAsync();
        return true;
    }

    /// <summary>Takes over the memberships of dead nodes and announces them lost (each by exactly one node).</summary>
    private async Task SweepAsync()
    {
        if (Presence is not { } presence)
        {
            return;
        }

        // The sweep holds each announced person's turn in the room until their left is stored, so
        // a joined of theirs on another node meanwhile waits and comes after it.
        var holder = NextOrigin();
        var announcements = new List<Task>();
        foreach (var (room, person, name, node) in await presence.ReapAsync(holder, LostTurn))
        {
            Logger.NodeLostMember(node, room, name);
            announcements.Add(AnnounceLostAsync(room, person, name, holder));
        }

        await Task.WhenAll(announcements);
    }

    private async Task ReleaseNameAsync(string key)
    {
        try
        {
            if (Leases is { } leases)
            {
                await leases.ReleaseAsync(key, NodeId);
            }
        }
        catch (StoreUnavailableException)
        {
            // The lease runs out by itself.
        }
    }

    /// <summary>True when a guest holds the name on another node.</summary>
    private async Task<bool> HeldElsewhereAsync(string key) =>
        Leases is { } leases && await leases.IsHeldAsync(key);

    private void StartRenewal()
    {
        if (Leases is null)
        {
            return;
        }

        var every = NameLease / 3;
        _renewal = Time.CreateTimer(_ => _ = RenewAsync(), null, TimeSpan.Zero, every);
    }

    private async Task RenewAsync()
    {
        try
        {
            // The node's beat first: its lease then always ends before its guests' names do, so a
            // name found free belongs to a node already seen dead (see ClaimNameAsync).
            if (Presence is { } presence)
            {
                await presence.BeatAsync(NodeId, NameLease);
            }

            await Leases!.RenewAsync(Members.GuestKeys(), NodeId, NameLease);
            await SweepAsync();
        }
        catch (StoreUnavailableException)
        {
            // Tried again at the next tick; a lease lasts three ticks.
        }
    }

    /// <summary>Who is where on every node, or null on a single node.</summary>
    public IClusterPresence? Presence => Feed is not null ? Store as IClusterPresence : null;

    /// <summary>A member of a dead node: its left (reason lost) is stored once, by the node that took its memberships over.</summary>
    private async Task AnnounceLostAsync(string key, string person, string name, string holder)
    {
        try
        {
            if (await _rooms.GetOrCreateAsync(key) is { } room)
            {
                await room.AppendAsync(new EventDraft(key, EventKind.Left, name, Reason: Piazza.Protocol.LeaveReasons.Lost), null);
            }
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
        }
        finally
        {
            try
            {
                await Presence!.EndTurnAsync(key, person, holder);
            }
            catch (StoreUnavailableException)
            {
                // The turn runs out by itself.
            }
        }
    }
}
