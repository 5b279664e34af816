namespace Piazza.Store;

/// <summary>
/// Who is in which room on which node, for several nodes sharing one store: each node says it is
/// alive (a beat with a lease) and records its members' rooms; when a node's lease runs out, one
/// live node (exactly one) takes over its memberships to announce them gone.
/// </summary>
public interface IClusterPresence
{
    /// <summary>Says <paramref name="node"/> is alive for <paramref name="lease"/>.</summary>
    Task BeatAsync(string node, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="person"/> (key; shown as <paramref name="name"/>) is in <paramref name="room"/> through <paramref name="node"/>.</summary>
    Task AddMemberAsync(string room, string person, string name, string node, CancellationToken cancellationToken = default);

    /// <summary>Forgets that membership.</summary>
    Task RemoveMemberAsync(string room, string person, string node, CancellationToken cancellationToken = default);

    /// <summary>The names of everyone in <paramref name="room"/> on any node, by person key (a person on several nodes once).</summary>
    Task<IReadOnlyDictionary<string, string>> MembersAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over the memberships of every node whose lease ran out (atomically: of several live
    /// nodes asking at once, one gets each dead node's). Returns (room, person key, name, node).
    /// </summary>
    Task<IReadOnlyList<(string Room, string Person, string Name, string Node)>> ReapAsync(CancellationToken cancellationToken = default);
}
