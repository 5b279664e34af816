namespace Piazza.Store;

/// <summary>
/// Accounts and what hangs on them: passwords (as hashes only), the rooms an account stays in
/// between connections, when it was last seen, and moderation (bans, mutes, room operators). The
/// second interface of every store, beside <see cref="IEventStore"/>, and asynchronous for the same
/// reason: a remote store must be able to sit behind it. Names are compared as usernames are,
/// case-insensitively: every method takes any spelling and keys by the lowercase one.
/// </summary>
/// <remarks>
/// Reads and writes throw <see cref="StoreUnavailableException"/> when the store cannot serve them
/// right now; nothing is half done then. Writes are durable when they complete.
/// </remarks>
public interface IAccountStore
{
    /// <summary>The account of <paramref name="name"/>, or null when the name is not registered.</summary>
    Task<Account?> FindAccountAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Registers an account; false (and nothing changed) when the name is an account already.</summary>
    Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>Replaces the account's password hash; false when there is no such account.</summary>
    Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>Records when the account's last session ended; nothing happens for an unknown name.</summary>
    Task SetLastSeenAsync(string name, DateTimeOffset lastSeen, CancellationToken cancellationToken = default);

    /// <summary>The rooms the account is in between connections, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAccountRoomsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="room"/> among the account's rooms (no change if it is there).</summary>
    Task AddAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default);

    /// <summary>Takes <paramref name="room"/> out of the account's rooms (no change if it is not there).</summary>
    Task RemoveAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default);

    /// <summary>
    /// The direct conversations <paramref name="name"/> is part of whose newest event is later than
    /// <paramref name="activeAfter"/>, newest first, at most <paramref name="limit"/>: what waits for
    /// an account at sign-in.
    /// </summary>
    Task<IReadOnlyList<string>> ListConversationsAsync(string name, DateTimeOffset activeAfter, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every ban and mute, expired ones included (the caller decides what still holds).</summary>
    Task<IReadOnlyList<Sanction>> ListSanctionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a ban or mute, replacing one with the same <see cref="Sanction.Key"/>.</summary>
    Task PutSanctionAsync(Sanction sanction, CancellationToken cancellationToken = default);

    /// <summary>Lifts a ban or mute; false when there was none.</summary>
    Task<bool> RemoveSanctionAsync(SanctionKey key, CancellationToken cancellationToken = default);

    /// <summary>Every room operator.</summary>
    Task<IReadOnlyList<RoomOperator>> ListOperatorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="name"/> an operator of <paramref name="room"/> or takes that away; false when nothing changed.</summary>
    Task<bool> SetOperatorAsync(string room, string name, bool isOperator, CancellationToken cancellationToken = default);
}
