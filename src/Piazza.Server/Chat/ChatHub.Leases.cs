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
    public static readonly TimeSpan NameLease = TimeSpan.FromSeconds(15);

    private ITimer? _renewal;

    private INameLeases? Leases => Feed is not null ? Store as INameLeases : null;

    /// <summary>Claims a guest's name on every node; false when another node's guest has it.</summary>
    private async Task<bool> ClaimNameAsync(string key) =>
        Leases is not { } leases || await leases.TryClaimAsync(key, NodeId, NameLease);

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
        _renewal = Time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
    }

    private async Task RenewAsync()
    {
        try
        {
            var names = Members.GuestKeys();
            await Leases!.RenewAsync(names, NodeId, NameLease);
        }
        catch (StoreUnavailableException)
        {
            // Tried again at the next tick; a lease lasts three ticks.
        }
    }
}
