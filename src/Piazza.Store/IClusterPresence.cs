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

    /// <summary>
    /// Records that <paramref name="person"/> is in <paramref name="room"/> through <paramref name="node"/>
    /// and says, in the same atomic step, whether that is the person's first membership of the room on
    /// any node: <see cref="PresenceChange.Announce"/> (this caller then holds the person's turn in the
    /// room, given to <paramref name="holder"/>, until <see cref="EndTurnAsync"/> or <paramref name="turn"/>
    /// runs out: it stores the <c>joined</c> meanwhile), <see cref="PresenceChange.Quiet"/> (another
    /// node has them: nothing to announce), or <see cref="PresenceChange.Busy"/> (another node is
    /// announcing a change of this person in this room: nothing was recorded; ask again shortly).
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be asked right now.</exception>
    Task<PresenceChange> EnterAsync(string room, string person, string name, string node, string holder, TimeSpan turn, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets the membership of <paramref name="person"/> in <paramref name="room"/> through
    /// <paramref name="node"/> and says, atomically, whether it was their last on any node
    /// (<see cref="PresenceChange.Announce"/>, with the turn held as for <see cref="EnterAsync"/>:
    /// the caller stores the <c>left</c>), or not (<see cref="PresenceChange.Quiet"/>), or
    /// <see cref="PresenceChange.Busy"/> (nothing was changed).
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be asked right now.</exception>
    Task<PresenceChange> ExitAsync(string room, string person, string node, string holder, TimeSpan turn, CancellationToken cancellationToken = default);

    /// <summary>Ends a turn taken by <see cref="EnterAsync"/> or <see cref="ExitAsync"/>, if <paramref name="holder"/> still holds it.</summary>
    Task EndTurnAsync(string room, string person, string holder, CancellationToken cancellationToken = default);

    /// <summary>The names of everyone in <paramref name="room"/> on any node, by person key (a person on several nodes once).</summary>
    Task<IReadOnlyDictionary<string, string>> MembersAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over the memberships of every node whose lease ran out (atomically: of several live
    /// nodes asking at once, one gets each dead node's). Returns (room, person key, name, node) for
    /// each person who is, after it, in the room on no node: the ones to announce gone. When
    /// <paramref name="holder"/> is given, the person's turn in the room is taken for it (as by
    /// <see cref="ExitAsync"/>) until <see cref="EndTurnAsync"/> or <paramref name="turn"/> runs out,
    /// so their <c>left</c> is stored before any new <c>joined</c> of theirs.
    /// </summary>
    Task<IReadOnlyList<(string Room, string Person, string Name, string Node)>> ReapAsync(
        string? holder = null, TimeSpan turn = default, CancellationToken cancellationToken = default);
}
