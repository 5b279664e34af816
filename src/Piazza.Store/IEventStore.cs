namespace Piazza.Store;

/// <summary>
/// Piazza's history: rooms and their numbered events. One interface for every store (memory,
/// SQLite, and later Redis), so it is asynchronous and batch-friendly: a remote store must be able
/// to sit behind it. Implementations are safe to call from many threads at once.
/// </summary>
/// <remarks>
/// The one promise every caller relies on: when <see cref="AppendAsync"/> reports
/// <see cref="AppendStatus.Committed"/>, the event survives a crash of the process (and, with a
/// full sync, of the machine). Appends are grouped: many concurrent appends share one transaction
/// and one sync, so durability costs latency, not throughput.
/// </remarks>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>A short name for logs: where the data lives (a file path, "memory", a Redis address).</summary>
    string Description { get; }

    /// <summary>Opens or creates the store; called once before anything else.</summary>
    /// <exception cref="StoreOpenException">The store cannot be used (corrupt, foreign, newer schema, unreadable); the message names the file.</exception>
    Task OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Every room whose key starts with <c>#</c>, for the room directory at startup, in ordinal order of the key.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read right now.</exception>
    Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(CancellationToken cancellationToken = default);

    /// <summary>The room or conversation with this key, created (with a new epoch) if it does not exist.</summary>
    /// <returns>Null when the room does not exist and <paramref name="create"/> is false.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be read, or the new room cannot be written, right now.</exception>
    Task<RoomInfo?> GetRoomAsync(string room, bool create, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an event under the room's next id, creating the room if needed. Completes after the
    /// batch holding it has committed. Never throws for a store failure: it reports
    /// <see cref="AppendStatus.Unavailable"/>, and a later append tries the store again.
    /// For <see cref="EventKind.Topic"/> the room's topic changes in the same commit.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> is looked at only before the append is queued: once
    /// queued it may commit at any moment, so it always completes with its real outcome.
    /// After <see cref="IAsyncDisposable.DisposeAsync"/> appends report <see cref="AppendStatus.Unavailable"/>
    /// (and reads throw <see cref="StoreUnavailableException"/>), so work still in flight at shutdown
    /// meets the same failure it already handles.
    /// </remarks>
    ValueTask<AppendResult> AppendAsync(EventDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// The event that (<paramref name="sender"/>, <paramref name="reference"/>) was accepted as within
    /// the dedupe window, or null; nothing is stored. A resend the server cannot take now (to
    /// someone who is away, in a room the sender is no longer in) is still acknowledged as the
    /// original. When retention removed the event, the room, id and time are still given.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read right now.</exception>
    Task<StoredEvent?> FindByRefAsync(string sender, string reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events of <paramref name="room"/> with <paramref name="after"/> &lt; id &lt; <paramref name="before"/>,
    /// oldest first, at most <paramref name="limit"/>; when the range holds more, <paramref name="from"/>
    /// says which end is kept. Only committed events are ever returned.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read right now.</exception>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(
        string room, long after, long before, int limit, ReadFrom from, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="limit"/> <see cref="EventKind.Message"/> events with id &lt;
    /// <paramref name="before"/>, oldest first: the recent history a newcomer without a cursor sees.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read right now.</exception>
    Task<IReadOnlyList<StoredEvent>> ReadRecentMessagesAsync(
        string room, long before, int limit, CancellationToken cancellationToken = default);
}
