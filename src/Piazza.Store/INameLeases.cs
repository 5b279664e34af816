namespace Piazza.Store;

/// <summary>
/// Guests' names held across several nodes sharing one store: a node holds a name by a lease that
/// it renews while the guest is connected; a dead node's leases run out by themselves.
/// </summary>
public interface INameLeases
{
    /// <summary>Takes <paramref name="name"/> (lowercase) for <paramref name="node"/>; false when another node holds it. Of two nodes asking at once exactly one wins.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be asked right now.</exception>
    Task<bool> TryClaimAsync(string name, string node, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Lets the name go, if <paramref name="node"/> still holds it.</summary>
    Task ReleaseAsync(string name, string node, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases of <paramref name="names"/> that <paramref name="node"/> holds; returns those it no longer held (they ran out meanwhile).</summary>
    Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> names, string node, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>True when some node holds <paramref name="name"/>.</summary>
    Task<bool> IsHeldAsync(string name, CancellationToken cancellationToken = default);
}
